package io.bookingdemo.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Loopback port helpers for starting local processes.
 */
public final class Ports {

	private Ports() {
	}

	/**
	 * Finds a loopback port that is free now.
	 * @return the port number
	 */
	public static int free() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Waits a little between two connection attempts to a process that is still starting.
	 * @param pause how long to wait
	 */
	static void pause(Duration pause) {
		LockSupport.parkNanos(pause.toNanos());
	}

}
