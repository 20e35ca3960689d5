package io.bookingdemo.booking.bookings;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.bookingdemo.booking.BookingApiIntegrationTests;
import software.amazon.awssdk.services.sqs.model.Message;

import static io.bookingdemo.booking.bookings.Bookings.aBookingRequest;
import static io.bookingdemo.testsupport.Contracts.assertMatchesContract;
import static org.assertj.core.api.Assertions.assertThat;

class BookingsIntegrationTests extends BookingApiIntegrationTests {

	private static final List<String> CONSUMER_QUEUES = List.of("payment-service-booking-events",
			"ledger-service-events", "notification-service-events");

	@Test
	void createsPendingBookingAndAnswersWithItsLocation() {
		HttpResponse<String> response = postJson("/bookings", aBookingRequest(this.customer, "\"420.00\""));

		assertThat(response.statusCode()).isEqualTo(201);
		JsonNode booking = JSON.readTree(response.body());
		String id = booking.get("id").asString();
		assertThat(UUID.fromString(id)).isNotNull();
		assertThat(response.headers().firstValue("Location")).hasValue("/bookings/" + id);
		assertThat(booking.get("status").asString()).isEqualTo("PENDING");
		assertThat(booking.get("customerId").asString()).isEqualTo(this.customer);
		assertThat(booking.get("customerEmail").asString()).isEqualTo("ada@example.com");
		assertThat(booking.get("startDate").asString()).isEqualTo("2027-03-01");
		assertThat(booking.get("endDate").asString()).isEqualTo("2027-03-04");
		assertThat(booking.get("amount").asString()).isEqualTo("420.00");
		assertThat(booking.get("currency").asString()).isEqualTo("EUR");
		assertThat(booking.get("createdAt").asString()).isNotBlank();
		assertThat(JSON.readTree(get("/bookings/" + id).body())).isEqualTo(booking);
	}

	@Test
	void acceptsAmountAsJsonNumberWithoutFloatingPointLoss() {
		HttpResponse<String> response = postJson("/bookings", aBookingRequest(this.customer, "999999.99"));

		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(JSON.readTree(response.body()).get("amount").asString()).isEqualTo("999999.99");
	}

	@Test
	void publishesBookingCreatedOnceToEveryConsumerQueueAsTheContractDescribes() {
		JsonNode booking = JSON.readTree(postJson("/bookings", aBookingRequest()).body());
		String bookingId = booking.get("id").asString();

		for (String queue : CONSUMER_QUEUES) {
			List<Message> forBooking = receiveUntil(queue, (messages) -> about(messages, bookingId).size() == 1)
				.stream()
				.filter((message) -> message.body().contains(bookingId))
				.toList();
			assertThat(forBooking).as(queue).hasSize(1);
			Message message = forBooking.get(0);
			JsonNode event = JSON.readTree(message.body());
			assertMatchesContract(event, "booking-created.v1.json");
			assertThat(event.get("bookingId").asString()).isEqualTo(bookingId);
			for (String field : List.of("customerId", "customerEmail", "resourceId", "startDate", "endDate", "amount",
					"currency")) {
				assertThat(event.get(field)).as(field).isEqualTo(booking.get(field));
			}
			assertThat(event.get("occurredAt").asString()).isEqualTo(booking.get("createdAt").asString());
			assertThat(message.messageAttributes().get("eventType").stringValue()).isEqualTo("BookingCreated");
			assertThat(message.messageAttributes().get("eventVersion").stringValue()).isEqualTo("1");
			assertThat(message.messageAttributes().get("eventId").stringValue())
				.isEqualTo(event.get("eventId").asString());
		}
	}

	@Test
	void listsCustomerBookingsNewestFirstInPages() {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			ids.add(JSON.readTree(postJson("/bookings", aBookingRequest(this.customer, "100")).body())
				.get("id")
				.asString());
		}

		JsonNode first = JSON.readTree(get("/bookings?customerId=" + this.customer + "&size=2").body());
		JsonNode second = JSON.readTree(get("/bookings?size=2&page=1").body());

		assertThat(first.get("totalElements").asLong()).isEqualTo(3);
		assertThat(first.get("totalPages").asInt()).isEqualTo(2);
		assertThat(first.get("content").valueStream().map((booking) -> booking.get("id").asString()))
			.containsExactly(ids.get(2), ids.get(1));
		assertThat(second.get("content").valueStream().map((booking) -> booking.get("id").asString()))
			.containsExactly(ids.get(0));
	}

	private static List<Message> about(List<Message> messages, String bookingId) {
		return messages.stream().filter((message) -> message.body().contains(bookingId)).toList();
	}

}
