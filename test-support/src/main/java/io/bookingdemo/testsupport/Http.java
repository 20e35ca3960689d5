package io.bookingdemo.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Sends the tests' HTTP requests to the services and reads the answers as text.
 */
public final class Http {

	private static final HttpClient CLIENT = HttpClient.newHttpClient();

	private Http() {
	}

	/**
	 * Sends a request and reads the response body as text.
	 * @param request the request
	 * @return the response
	 */
	public static HttpResponse<String> send(HttpRequest request) {
		try {
			return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Sends a {@code GET}.
	 * @param uri where to
	 * @return the response
	 */
	public static HttpResponse<String> get(URI uri) {
		return send(HttpRequest.newBuilder(uri).GET().build());
	}

	/**
	 * Sends a {@code POST} with a JSON body.
	 * @param uri where to
	 * @param json the body
	 * @return the response
	 */
	public static HttpResponse<String> postJson(URI uri, String json) {
		return send(HttpRequest.newBuilder(uri)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	/**
	 * Sends a {@code GET} with a bearer token.
	 * @param uri where to
	 * @param token the caller's token
	 * @return the response
	 */
	public static HttpResponse<String> get(URI uri, String token) {
		return send(HttpRequest.newBuilder(uri).header("Authorization", TestTokens.bearer(token)).GET().build());
	}

	/**
	 * Sends a {@code POST} with a JSON body and a bearer token.
	 * @param uri where to
	 * @param json the body
	 * @param token the caller's token
	 * @return the response
	 */
	public static HttpResponse<String> postJson(URI uri, String json, String token) {
		return send(HttpRequest.newBuilder(uri)
			.header("Content-Type", "application/json")
			.header("Authorization", TestTokens.bearer(token))
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

}
