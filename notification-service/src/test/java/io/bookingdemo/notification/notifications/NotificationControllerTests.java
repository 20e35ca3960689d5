package io.bookingdemo.notification.notifications;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.http.HttpHeaders;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import io.bookingdemo.testsupport.TestTokens;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;

@WebMvcTest(NotificationController.class)
@Import(NotificationControllerTests.Caller.class)
class NotificationControllerTests {

	@DynamicPropertySource
	static void tokens(DynamicPropertyRegistry registry) {
		TestTokens.register(registry);
	}

	private static final String PROBLEMS = "https://booking-demo.example/problems/";

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private NotificationRepository notifications;

	@Test
	void listsTheNotificationsOfABooking() {
		Notification notification = aBookingReceivedNotification();
		given(this.notifications.findByBookingIdOrderByCreatedAtAscIdAsc(notification.bookingId()))
			.willReturn(List.of(notification));

		assertThat(this.mvc.get().uri("/notifications?bookingId={id}", notification.bookingId()))
			.hasStatus(HttpStatus.OK)
			.hasContentType(MediaType.APPLICATION_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					[{
					  "id": "%s",
					  "bookingId": "%s",
					  "type": "BOOKING_RECEIVED",
					  "channel": "EMAIL",
					  "recipient": "ada@example.com",
					  "subject": "We received your booking for room-101",
					  "eventId": "%s",
					  "createdAt": "2027-02-01T09:30:01.123456Z"
					}]""".formatted(notification.id(), notification.bookingId(), notification.eventId()));
	}

	@Test
	void answersEmptyListForBookingWithoutNotifications() {
		assertThat(this.mvc.get().uri("/notifications?bookingId={id}", UUID.randomUUID())).hasStatus(HttpStatus.OK)
			.bodyJson()
			.isStrictlyEqualTo("[]");
	}

	@Test
	void answersMissingBookingIdWithProblem() {
		assertThat(this.mvc.get().uri("/notifications")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{
					  "type": "%smissing-parameter",
					  "title": "Missing parameter",
					  "status": 400,
					  "detail": "The query parameter 'bookingId' is required"
					}""".formatted(PROBLEMS));
		verifyNoInteractions(this.notifications);
	}

	@Test
	void answersEmptyBookingIdWithProblem() {
		assertThat(this.mvc.get().uri("/notifications?bookingId=")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo(PROBLEMS + "missing-parameter");
		verifyNoInteractions(this.notifications);
	}

	@Test
	void answersBookingIdThatIsNotAUuidWithProblem() {
		assertThat(this.mvc.get().uri("/notifications?bookingId=room-101")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{
					  "type": "%sinvalid-parameter",
					  "title": "Invalid parameter",
					  "status": 400,
					  "detail": "The parameter 'bookingId' must be a valid UUID"
					}""".formatted(PROBLEMS));
		verifyNoInteractions(this.notifications);
	}

	@Test
	void answersUnknownPathWithNotFoundProblem() {
		assertThat(this.mvc.get().uri("/notifications/unknown")).hasStatus(HttpStatus.NOT_FOUND)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{
					  "type": "%snot-found",
					  "status": 404,
					  "detail": "Nothing exists at /notifications/unknown"
					}""".formatted(PROBLEMS));
	}

	@Test
	void answersWrongMethodWithProblem() {
		assertThat(this.mvc.delete().uri("/notifications?bookingId={id}", UUID.randomUUID()))
			.hasStatus(HttpStatus.METHOD_NOT_ALLOWED)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.hasHeader("Allow", "GET");
	}

	private static Notification aBookingReceivedNotification() {
		return new Notification(UUID.randomUUID(), NotificationType.BOOKING_RECEIVED, Channel.EMAIL, "ada@example.com",
				new Email("We received your booking for room-101", "Resource:  room-101"), UUID.randomUUID(),
				Instant.parse("2027-02-01T09:30:01.123456789Z"));
	}

	@Test
	void refusesACustomerWithForbiddenProblem() {
		assertThat(this.mvc.get()
			.uri("/notifications?bookingId=" + UUID.randomUUID())
			.header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.customer("cust-42"))))
			.hasStatus(HttpStatus.FORBIDDEN)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void refusesARequestWithoutATokenWithUnauthorizedProblem() {
		assertThat(this.mvc.get()
			.uri("/notifications?bookingId=" + UUID.randomUUID())
			.header(HttpHeaders.AUTHORIZATION, "")).hasStatus(HttpStatus.UNAUTHORIZED)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Caller {

		@Bean
		MockMvcBuilderCustomizer operatorToken() {
			return (builder) -> builder.defaultRequest(MockMvcRequestBuilders.get("/")
				.header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.operator())));
		}

	}

}
