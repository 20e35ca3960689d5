package io.bookingdemo.notification.notifications;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A notification sent to a customer about a booking; for e-mail, the stored row is the
 * record of the message sent.
 */
@Entity
@Table(name = "notifications")
class Notification {

	@Id
	private UUID id;

	private UUID bookingId;

	@Enumerated(EnumType.STRING)
	private NotificationType type;

	@Enumerated(EnumType.STRING)
	private Channel channel;

	private String recipient;

	private String subject;

	private String body;

	private UUID eventId;

	private Instant createdAt;

	// A wrapper type, so that Spring Data sees a new entity by its null version and
	// persists it instead of merging it.
	@Version
	private Long version;

	protected Notification() {
	}

	Notification(UUID bookingId, NotificationType type, Channel channel, String recipient, Email email, UUID eventId,
			Instant createdAt) {
		this.id = UUID.randomUUID();
		this.bookingId = Objects.requireNonNull(bookingId, "bookingId");
		this.type = Objects.requireNonNull(type, "type");
		this.channel = Objects.requireNonNull(channel, "channel");
		this.recipient = Objects.requireNonNull(recipient, "recipient");
		this.subject = email.subject();
		this.body = email.body();
		this.eventId = Objects.requireNonNull(eventId, "eventId");
		// PostgreSQL keeps microseconds; truncating here keeps the entity equal to what a
		// later read returns.
		this.createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
	}

	UUID id() {
		return this.id;
	}

	UUID bookingId() {
		return this.bookingId;
	}

	NotificationType type() {
		return this.type;
	}

	Channel channel() {
		return this.channel;
	}

	String recipient() {
		return this.recipient;
	}

	String subject() {
		return this.subject;
	}

	String body() {
		return this.body;
	}

	UUID eventId() {
		return this.eventId;
	}

	Instant createdAt() {
		return this.createdAt;
	}

}
