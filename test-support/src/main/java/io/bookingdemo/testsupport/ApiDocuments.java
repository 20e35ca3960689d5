package io.bookingdemo.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Keeps a service's committed OpenAPI document in step with what the service serves, and
 * checks that the document describes each operation's security and problem responses. Run
 * a service's tests with {@code -Dapi-docs.update=true} to rewrite its committed document
 * from the running service.
 */
public final class ApiDocuments {

	/** The system property that rewrites the committed documents instead of comparing. */
	public static final String UPDATE_PROPERTY = "api-docs.update";

	/** The committed document of the service whose module the tests run in. */
	public static final Path COMMITTED = Path.of("openapi.json");

	private static final String BEARER = "bearer-jwt";

	private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options",
			"trace");

	private static final int DIFF_LINES_SHOWN = 80;

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(SerializationFeature.INDENT_OUTPUT)
		.enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
		.build();

	private ApiDocuments() {
	}

	/**
	 * Reads the service's document without a token, since it is public, and asserts that
	 * it is the committed one, or rewrites the committed one when
	 * {@value #UPDATE_PROPERTY} is {@code true}.
	 * @param apiDocs the URI of the service's {@code /v3/api-docs}
	 * @param committed the committed document
	 * @return the served document
	 */
	public static JsonNode assertServedAsCommitted(URI apiDocs, Path committed) {
		HttpResponse<String> response = Http.get(apiDocs);
		assertThat(response.statusCode()).as("GET %s without a token", apiDocs).isEqualTo(200);
		JsonNode served = JSON.readTree(response.body());
		String text = JSON.writeValueAsString(served) + "\n";
		try {
			if (Boolean.getBoolean(UPDATE_PROPERTY)) {
				Files.writeString(committed, text);
				return served;
			}
			String expected = Files.exists(committed) ? Files.readString(committed) : "";
			if (!expected.equals(text)) {
				fail("The API document the service serves differs from " + committed.toAbsolutePath()
						+ " (- committed, + served). If the change is meant, rewrite it with the service's tests and -D"
						+ UPDATE_PROPERTY + "=true, and commit it.\n" + diff(expected, text));
			}
			return served;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Asserts that every operation of a document has a summary, needs the bearer token
	 * (with the operator role where the path is an operator's), and answers its
	 * authentication failures and every client error with a problem body.
	 * @param document the OpenAPI document
	 * @param operatorPaths the path prefixes only operators may use
	 */
	public static void assertEveryOperationDescribed(JsonNode document, List<String> operatorPaths) {
		assertThat(document.path("components").path("securitySchemes").path(BEARER).path("scheme").asString())
			.isEqualTo("bearer");
		List<String> operations = new ArrayList<>();
		for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
			boolean operator = operatorPaths.stream().anyMatch(path.getKey()::startsWith);
			for (String method : METHODS) {
				JsonNode operation = path.getValue().get(method);
				if (operation == null) {
					continue;
				}
				String name = method.toUpperCase() + " " + path.getKey();
				operations.add(name);
				assertThat(operation.path("summary").asString()).as("%s: summary", name).isNotBlank();
				JsonNode security = operation.path("security");
				assertThat(security.size()).as("%s: security requirements", name).isEqualTo(1);
				assertThat(security.get(0).path(BEARER).isArray()).as("%s: needs the bearer token", name).isTrue();
				assertThat(security.get(0).path(BEARER).toString()).as("%s: roles", name)
					.isEqualTo(operator ? "[\"OPERATOR\"]" : "[]");
				JsonNode responses = operation.path("responses");
				assertThat(responses.propertyNames()).as("%s: responses", name).contains("401", "403", "429");
				for (Map.Entry<String, JsonNode> response : responses.properties()) {
					if (response.getKey().startsWith("4")) {
						assertThat(problemContent(document, response.getValue()))
							.as("%s: %s is a problem body", name, response.getKey())
							.isTrue();
					}
				}
			}
		}
		assertThat(operations).as("operations").isNotEmpty();
	}

	private static boolean problemContent(JsonNode document, JsonNode response) {
		JsonNode resolved = response;
		if (response.has("$ref")) {
			String name = response.get("$ref").asString().replace("#/components/responses/", "");
			resolved = document.path("components").path("responses").path(name);
		}
		return resolved.path("content")
			.path("application/problem+json")
			.path("schema")
			.path("$ref")
			.asString()
			.equals("#/components/schemas/Problem");
	}

	// A line diff from the longest common subsequence: documents have a few thousand
	// lines
	// at most.
	static String diff(String expected, String actual) {
		String[] left = expected.split("\n", -1);
		String[] right = actual.split("\n", -1);
		int[][] common = new int[left.length + 1][right.length + 1];
		for (int i = left.length - 1; i >= 0; i--) {
			for (int j = right.length - 1; j >= 0; j--) {
				common[i][j] = left[i].equals(right[j]) ? common[i + 1][j + 1] + 1
						: Math.max(common[i + 1][j], common[i][j + 1]);
			}
		}
		List<String> lines = new ArrayList<>();
		int i = 0;
		int j = 0;
		while (i < left.length || j < right.length) {
			if (i < left.length && j < right.length && left[i].equals(right[j])) {
				i++;
				j++;
			}
			else if (j < right.length && (i == left.length || common[i][j + 1] >= common[i + 1][j])) {
				lines.add("+" + (j + 1) + ": " + right[j++]);
			}
			else {
				lines.add("-" + (i + 1) + ": " + left[i++]);
			}
		}
		String shown = String.join("\n", lines.subList(0, Math.min(lines.size(), DIFF_LINES_SHOWN)));
		return (lines.size() > DIFF_LINES_SHOWN) ? shown + "\n... " + (lines.size() - DIFF_LINES_SHOWN) + " more"
				: shown;
	}

}
