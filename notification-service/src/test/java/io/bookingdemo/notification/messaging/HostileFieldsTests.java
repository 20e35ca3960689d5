package io.bookingdemo.notification.messaging;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.bookingdemo.notification.notifications.Email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class HostileFieldsTests {

	private static final BookingCreated BOOKING = BookingEvents.aBookingCreated();

	@ParameterizedTest
	@ValueSource(strings = { "ada@example.com\r\nBcc: everyone@example.com", "ada@example.com\nX-Spam: yes",
			"ada@example.com, eve@example.com", "Ada <ada@example.com>", "ada@example.com\u0000", "ada@localhost",
			"@example.com", "" })
	void refusesAnAddressThatIsNotOnePlainAddress(String address) {
		assertThatIllegalArgumentException().isThrownBy(() -> withCustomer("cust-42", address, "room-101"))
			.withMessage("customerEmail is not one plain e-mail address");
	}

	static Stream<Arguments> hostileFields() {
		return Stream.of(
				Arguments.of("line breaks", "room-101\r\nBcc: everyone@example.com",
						"room-101\uFFFD\uFFFDBcc: everyone@example.com"),
				Arguments.of("HTML", "<script>alert('x')</script>", "<script>alert('x')</script>"),
				Arguments.of("NUL and escape", "room\u0000-101\u001b[31m", "room\uFFFD-101\uFFFD[31m"),
				Arguments.of("right-to-left override", "room-\u202e101", "room-\uFFFD101"),
				Arguments.of("Unicode line separator", "room-101\u2028Bcc: x@example.com",
						"room-101\uFFFDBcc: x@example.com"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("hostileFields")
	void rendersHostileFieldsAsHarmlessTextOnTheLinesOfTheTemplate(String hostile, String field, String shown) {
		int templateLines = EmailTemplates.bookingReceived(BOOKING).body().split("\n", -1).length;

		Email email = EmailTemplates.bookingReceived(withCustomer(field, BOOKING.customerEmail(), field));

		assertThat(email.subject()).isEqualTo("We received your booking for " + shown).doesNotContain("\r", "\n");
		assertThat(email.body()).contains("Customer:  " + shown + "\n", "Resource:  " + shown + "\n");
		assertThat(email.body().split("\n", -1)).hasSize(templateLines);
		assertThat(email.body()).doesNotContain("\r").doesNotContainPattern("[\\p{Cc}&&[^\n]]");
	}

	private static BookingCreated withCustomer(String customerId, String customerEmail, String resourceId) {
		return new BookingCreated(BOOKING.eventId(), BOOKING.occurredAt(), BOOKING.bookingId(), customerId,
				customerEmail, resourceId, BOOKING.startDate(), BOOKING.endDate(), BOOKING.amount(),
				BOOKING.currency());
	}

}
