package io.bookingdemo.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Zipkin's span intake ({@code POST /api/v2/spans}, JSON v2, gzip or not) in the test's
 * process, keeping every span it receives, so that a test can read a booking's trace
 * without a Zipkin server.
 */
final class ZipkinCollector implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpServer server;

	private final ConcurrentLinkedQueue<JsonNode> spans = new ConcurrentLinkedQueue<>();

	private ZipkinCollector(HttpServer server) {
		this.server = server;
	}

	static ZipkinCollector start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			ZipkinCollector collector = new ZipkinCollector(server);
			server.createContext("/api/v2/spans", collector::receive);
			server.start();
			return collector;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/api/v2/spans");
	}

	/**
	 * The spans received so far.
	 * @return each span as Zipkin's JSON v2 has it
	 */
	List<JsonNode> spans() {
		return List.copyOf(this.spans);
	}

	private void receive(HttpExchange exchange) throws IOException {
		try (exchange;
				InputStream body = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
						? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
			JSON.readTree(body.readAllBytes()).valueStream().forEach(this.spans::add);
			exchange.sendResponseHeaders(202, -1);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
