package io.bookingdemo.booking;

import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.bookingdemo.testsupport.ApiDocuments;
import io.bookingdemo.testsupport.Http;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The booking API's OpenAPI document: public, the same as the committed
 * {@code booking-api/openapi.json}, and complete.
 */
class ApiDocumentIntegrationTests extends BookingApiIntegrationTests {

	@Test
	void servesTheCommittedDocumentWithoutAToken() {
		JsonNode document = ApiDocuments.assertServedAsCommitted(uri("/v3/api-docs"), ApiDocuments.COMMITTED);

		assertThat(document.path("paths").propertyNames()).contains("/bookings", "/bookings/{id}",
				"/bookings/{id}/cancel", "/admin/dead-letters", "/admin/dead-letters/redrive",
				"/admin/dead-letters/{messageId}", "/admin/dead-letters/audit");
	}

	@Test
	void describesEachOperationsTokenAndProblems() {
		HttpResponse<String> response = Http.get(uri("/v3/api-docs"));
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode document = JSON.readTree(response.body());

		ApiDocuments.assertEveryOperationDescribed(document, List.of("/admin/"));
	}

	@Test
	void servesSwaggerUiWithoutAToken() {
		HttpResponse<String> page = Http.get(uri("/swagger-ui/index.html"));

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("swagger-ui");
	}

}
