package io.bookingdemo.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of a server (the SNS/SQS emulator, PostgreSQL) that a
 * test can switch off, to make the server unreachable the way a network failure would:
 * open connections are cut and new ones are closed at once.
 */
public final class ToggleableProxy implements AutoCloseable {

	private final ServerSocket server;

	private final URI target;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private final AtomicInteger refused = new AtomicInteger();

	private volatile boolean up = true;

	/**
	 * Starts a proxy on a free loopback port.
	 * @param target the server's host and port
	 */
	public ToggleableProxy(URI target) {
		this.target = target;
		try {
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Thread acceptor = new Thread(this::accept, "proxy-accept");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * The proxy's HTTP endpoint.
	 * @return the endpoint
	 */
	public URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.server.getLocalPort());
	}

	/**
	 * The proxy's port.
	 * @return the port
	 */
	public int port() {
		return this.server.getLocalPort();
	}

	/**
	 * Cuts the open connections and refuses new ones until {@link #restore()}.
	 */
	public void cut() {
		this.up = false;
		this.open.forEach(ToggleableProxy::closeQuietly);
		this.open.clear();
	}

	/**
	 * Lets connections through again.
	 */
	public void restore() {
		this.up = true;
	}

	/**
	 * How many connections were refused while the proxy was cut.
	 * @return the count
	 */
	public int refusedConnections() {
		return this.refused.get();
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				if (!this.up) {
					this.refused.incrementAndGet();
					closeQuietly(client);
					continue;
				}
				Socket upstream = new Socket(this.target.getHost(), this.target.getPort());
				this.open.add(client);
				this.open.add(upstream);
				pump(client, upstream);
				pump(upstream, client);
			}
			catch (IOException ex) {
				if (this.server.isClosed()) {
					return;
				}
			}
		}
	}

	private void pump(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				in.transferTo(out);
			}
			catch (IOException ex) {
				// The other side closed or the proxy was cut: either way this leg is
				// done.
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
				this.open.remove(from);
				this.open.remove(to);
			}
		}, "proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Closing is best effort; the socket is unusable either way.
		}
	}

	@Override
	public void close() {
		cut();
		try {
			this.server.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
