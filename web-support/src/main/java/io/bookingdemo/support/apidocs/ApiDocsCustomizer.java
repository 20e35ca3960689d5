package io.bookingdemo.support.apidocs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;

import io.bookingdemo.support.problems.Problems;
import io.bookingdemo.support.security.ResourceServerAutoConfiguration;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Completes a service's OpenAPI document with what the shared plumbing decides: the
 * bearer scheme and every operation's need of it, the operator role on the paths the
 * security configuration keeps for operators, and the problem bodies of the client errors
 * that any operation may answer.
 */
class ApiDocsCustomizer implements GlobalOpenApiCustomizer {

	static final String BEARER = "bearer-jwt";

	static final String PROBLEM = "Problem";

	private static final String PROBLEM_JSON = "application/problem+json";

	private final List<PathPattern> operatorPaths;

	ApiDocsCustomizer(List<String> operatorPaths) {
		List<String> patterns = new ArrayList<>(ResourceServerAutoConfiguration.OPERATOR_PATHS);
		patterns.addAll(operatorPaths);
		this.operatorPaths = patterns.stream().map(PathPatternParser.defaultInstance::parse).toList();
	}

	@Override
	public void customise(OpenAPI document) {
		Components components = (document.getComponents() != null) ? document.getComponents() : new Components();
		document.setComponents(components);
		components.addSecuritySchemes(BEARER, bearerScheme());
		components.addSchemas(PROBLEM, problemSchema());
		sharedResponses().forEach(components::addResponses);
		if (document.getPaths() == null) {
			return;
		}
		document.getPaths().forEach((path, item) -> {
			boolean operator = isOperatorPath(path);
			item.readOperations().forEach((operation) -> describe(operation, operator));
		});
	}

	private boolean isOperatorPath(String path) {
		PathContainer container = PathContainer.parsePath(path);
		return this.operatorPaths.stream().anyMatch((pattern) -> pattern.matches(container));
	}

	private static void describe(Operation operation, boolean operator) {
		String role = ResourceServerAutoConfiguration.OPERATOR_ROLE;
		operation.setSecurity(List.of(new SecurityRequirement().addList(BEARER, operator ? List.of(role) : List.of())));
		if (operator) {
			String needs = "Needs a token with the operator role (`" + ResourceServerAutoConfiguration.GROUPS_CLAIM
					+ "` naming `" + ResourceServerAutoConfiguration.OPERATOR_GROUP + "`).";
			String description = operation.getDescription();
			if (description == null) {
				operation.setDescription(needs);
			}
			else if (!description.contains(needs)) {
				operation.setDescription(description + "\n\n" + needs);
			}
		}
		ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses() : new ApiResponses();
		operation.setResponses(responses);
		// Every client error is a problem body, whatever the controller declared for it.
		responses.forEach((status, response) -> {
			if (status.startsWith("4") && response.get$ref() == null) {
				response.setContent(problemContent());
			}
		});
		boolean hasInput = operation.getRequestBody() != null
				|| (operation.getParameters() != null && !operation.getParameters().isEmpty());
		if (hasInput) {
			responses.putIfAbsent("400", reference("BadRequest"));
		}
		if (operation.getRequestBody() != null) {
			responses.putIfAbsent("413", reference("PayloadTooLarge"));
			responses.putIfAbsent("415", reference("UnsupportedMediaType"));
		}
		responses.putIfAbsent("401", reference("Unauthorized"));
		responses.putIfAbsent("403", reference("Forbidden"));
		responses.putIfAbsent("429", reference("TooManyRequests"));
	}

	private static SecurityScheme bearerScheme() {
		return new SecurityScheme().type(SecurityScheme.Type.HTTP)
			.scheme("bearer")
			.bearerFormat("JWT")
			.description("A JWT access token from the configured issuer, sent as `Authorization: Bearer <token>`. "
					+ "Its subject is the customer; members of the `" + ResourceServerAutoConfiguration.OPERATOR_GROUP
					+ "` group (claim `" + ResourceServerAutoConfiguration.GROUPS_CLAIM + "`) have the `"
					+ ResourceServerAutoConfiguration.OPERATOR_ROLE + "` role.");
	}

	private static Schema<?> problemSchema() {
		ObjectSchema fieldError = new ObjectSchema();
		fieldError.addProperty("field", new StringSchema().description("the field, parameter or header"));
		fieldError.addProperty("message", new StringSchema().description("what is wrong with it"));
		ObjectSchema problem = new ObjectSchema();
		problem.description("An RFC 9457 problem body. Its `type` is one of the stable URIs " + Problems.type("")
				+ "{name}" + ", the names listed with each response.");
		problem.addProperty("type", new StringSchema().format("uri").description("the problem type"));
		problem.addProperty("title", new StringSchema().description("a short summary of the problem type"));
		problem.addProperty("status", new IntegerSchema().description("the HTTP status"));
		problem.addProperty("detail", new StringSchema().description("what went wrong with this request"));
		problem.addProperty("instance", new StringSchema().format("uri").description("the request's path"));
		problem.addProperty("errors", new ArraySchema().items(fieldError)
			.description("for validation failures and invalid parameters: each field in error"));
		problem.required(List.of("type", "title", "status"));
		return problem;
	}

	private static Map<String, ApiResponse> sharedResponses() {
		Map<String, ApiResponse> responses = new TreeMap<>();
		responses.put("BadRequest",
				problem("The request is invalid: `validation-failed` (the body's fields, listed in "
						+ "`errors`), `malformed-request` (not a JSON object, unknown fields, wrong types), "
						+ "`invalid-parameter` (a path or query parameter or header of the wrong form), "
						+ "`missing-parameter` (a required query parameter is absent)."));
		responses.put("PayloadTooLarge", problem("`payload-too-large`: the body is larger than the service accepts."));
		responses.put("UnsupportedMediaType", problem("`unsupported-media-type`: the body is not `application/json`."));
		responses.put("Unauthorized", problem("`unauthorized`: no bearer token, or one that is malformed, expired, "
				+ "wrongly signed or from another issuer."));
		responses.put("Forbidden",
				problem("`forbidden`: the token is valid but does not allow this request (the operator role, or "
						+ "a customer acting for another)."));
		responses.put("TooManyRequests", problem("`too-many-requests`: this client sent too many refused tokens "
				+ "and must wait for `Retry-After` seconds."));
		return responses;
	}

	private static ApiResponse problem(String description) {
		return new ApiResponse().description(description).content(problemContent());
	}

	private static Content problemContent() {
		return new Content().addMediaType(PROBLEM_JSON,
				new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)));
	}

	private static ApiResponse reference(String name) {
		return new ApiResponse().$ref("#/components/responses/" + name);
	}

}
