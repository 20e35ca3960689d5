package io.bookingdemo.support.apidocs;

import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiDocsCustomizerTests {

	private final ApiDocsCustomizer customizer = new ApiDocsCustomizer(List.of("/reports/**"));

	@Test
	void asksTheOperatorRoleOnlyOnTheOperatorsPaths() {
		OpenAPI document = document("/things", "/reports", "/reports/{id}", "/admin/dead-letters");

		this.customizer.customise(document);
		this.customizer.customise(document);

		assertThat(security(document, "/things")).isEqualTo(requirement());
		assertThat(security(document, "/reports")).isEqualTo(requirement("OPERATOR"));
		assertThat(security(document, "/reports/{id}")).isEqualTo(requirement("OPERATOR"));
		assertThat(security(document, "/admin/dead-letters")).isEqualTo(requirement("OPERATOR"));
		assertThat(operation(document, "/reports").getDescription().split("operator role")).hasSize(2);
		assertThat(operation(document, "/things").getDescription()).isNull();
		assertThat(document.getComponents().getSecuritySchemes().get(ApiDocsCustomizer.BEARER).getBearerFormat())
			.isEqualTo("JWT");
	}

	@Test
	void describesTheSharedProblemsAndMakesEveryClientErrorAProblemBody() {
		OpenAPI document = document("/things", "/things/{id}");
		operation(document, "/things").requestBody(new RequestBody());
		operation(document, "/things/{id}").addParametersItem(new Parameter().name("id").in("path"));
		operation(document, "/things/{id}").getResponses().addApiResponse("404", new ApiResponse().description("gone"));

		this.customizer.customise(document);

		assertThat(operation(document, "/things").getResponses()).containsKeys("200", "400", "401", "403", "413", "415",
				"429");
		ApiResponses withPath = operation(document, "/things/{id}").getResponses();
		assertThat(withPath).containsKeys("200", "400", "401", "403", "404", "429").doesNotContainKeys("413", "415");
		assertThat(withPath.get("401").get$ref()).isEqualTo("#/components/responses/Unauthorized");
		assertThat(withPath.get("404").getContent().get("application/problem+json").getSchema().get$ref())
			.isEqualTo("#/components/schemas/Problem");
		assertThat(document.getComponents().getResponses()).containsKeys("BadRequest", "Unauthorized", "Forbidden",
				"TooManyRequests", "PayloadTooLarge", "UnsupportedMediaType");
	}

	private static OpenAPI document(String... paths) {
		Paths items = new Paths();
		for (String path : paths) {
			items.addPathItem(path, new PathItem()
				.get(new Operation().responses(new ApiResponses().addApiResponse("200", new ApiResponse()))));
		}
		return new OpenAPI().paths(items);
	}

	private static Operation operation(OpenAPI document, String path) {
		return document.getPaths().get(path).getGet();
	}

	private static List<SecurityRequirement> security(OpenAPI document, String path) {
		return operation(document, path).getSecurity();
	}

	private static List<SecurityRequirement> requirement(String... roles) {
		return List.of(new SecurityRequirement().addList(ApiDocsCustomizer.BEARER, List.of(roles)));
	}

}
