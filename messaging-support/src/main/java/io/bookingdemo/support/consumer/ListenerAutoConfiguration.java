package io.bookingdemo.support.consumer;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.validation.Validation;
import jakarta.validation.Validator;

import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.awspring.cloud.sqs.config.SqsMessageListenerContainerFactory;
import io.awspring.cloud.sqs.listener.FifoBatchGroupingStrategy;
import io.awspring.cloud.sqs.listener.QueueNotFoundStrategy;
import io.awspring.cloud.sqs.listener.acknowledgement.handler.AcknowledgementMode;
import io.awspring.cloud.sqs.listener.backpressure.BackPressureHandlerFactories;
import io.awspring.cloud.sqs.listener.backpressure.BackPressureHandlerFactory;
import io.awspring.cloud.sqs.listener.errorhandler.ExponentialBackoffErrorHandler;
import io.awspring.cloud.sqs.listener.interceptor.MessageInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import tools.jackson.databind.json.JsonMapper;

import io.bookingdemo.support.MessagingProperties;
import io.bookingdemo.support.MessagingSupportAutoConfiguration;
import io.bookingdemo.support.database.PlumbingSchema;
import io.bookingdemo.support.tracing.MessageTracing;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The defaults every SQS listener of a service runs with, the idempotent consumer its
 * listeners hand their batches to, and the listener of the service's queue.
 */
@AutoConfiguration(before = SqsAutoConfiguration.class, after = MessagingSupportAutoConfiguration.class)
public class ListenerAutoConfiguration {

	/**
	 * The idempotent consumer's table, {@code processed_events}.
	 */
	public static final PlumbingSchema SCHEMA = new PlumbingSchema("classpath:db/messaging-support/consumer",
			"flyway_consumer_history");

	private static final int PROBE_CONNECT_TIMEOUT_SECONDS = 5;

	@Bean
	PlumbingSchema processedEventsSchema() {
		return SCHEMA;
	}

	/**
	 * The container factory {@code @SqsListener} uses: long polls, batches of up to ten
	 * handed to a listener that takes a {@code List} of messages together, and an
	 * exponential backoff through the visibility timeout for messages that fail, until
	 * the redrive policy moves them to the dead-letter queue. Acknowledgement is manual:
	 * the {@link EventConsumer} deletes the messages whose effects committed itself. On a
	 * FIFO queue (its name ends in {@code .fifo}) Spring Cloud AWS switches to its FIFO
	 * components with these same settings, and one batch holds the messages of several
	 * groups, in order: the consumer applies each group's messages one after the other,
	 * and a failing message holds only its own group, until it is dead-lettered.
	 * @param sqs the SQS client
	 * @param properties the messaging settings
	 * @param observations where the listener's observations go
	 * @param interceptors the interceptors to run around each batch, the visibility
	 * heartbeat among them
	 * @param pause the pause of the listeners while the database is out of reach
	 * @param backPressure the back-pressure handlers to apply after the container's
	 * default concurrency limit, the pause and the rate cap among them
	 * @return the factory
	 */
	@Bean
	SqsMessageListenerContainerFactory<Object> defaultSqsListenerContainerFactory(SqsAsyncClient sqs,
			MessagingProperties properties, ObservationRegistry observations,
			ObjectProvider<MessageInterceptor<Object>> interceptors, ListenerPause pause,
			ObjectProvider<BackPressureHandlerFactory> backPressure) {
		MessagingProperties.Listener listener = properties.listener();
		MessagingProperties.Retry retry = listener.retry();
		SqsMessageListenerContainerFactory.Builder<Object> factory = SqsMessageListenerContainerFactory.builder()
			.sqsAsyncClient(sqs)
			.errorHandler(new DatabaseOutageErrorHandler(pause,
					ExponentialBackoffErrorHandler.builder()
						.initialVisibilityTimeoutSeconds(seconds(retry.initialBackoff()))
						.multiplier(retry.multiplier())
						.maxVisibilityTimeoutSeconds(seconds(retry.maxBackoff()))
						.build(),
					listener.outage().redeliveryDelay()));
		interceptors.orderedStream().forEach(factory::messageInterceptor);
		// The container's default handlers (its concurrency limit and adaptive
		// throughput,
		// as in BackPressureMode.AUTO) in one flat chain with the others: a nested
		// composite would wait out a second delay between polls whenever it grants none.
		List<BackPressureHandlerFactory> backPressureHandlers = new ArrayList<>(
				List.of(BackPressureHandlerFactories.concurrencyLimiterBackPressureHandler(),
						BackPressureHandlerFactories.throughputBackPressureHandler()));
		backPressure.orderedStream().forEach(backPressureHandlers::add);
		// Acknowledgement is the consumer's: Spring Cloud AWS 4.1.0's own fails a whole
		// batch when one message is delivered twice inside it (awspring issue 1634) and
		// drops fewer than 10 pending acknowledgements at shutdown (issue 1661).
		return factory
			.configure((options) -> options.maxMessagesPerPoll(listener.maxMessagesPerPoll())
				.pollTimeout(listener.pollTimeout())
				.acknowledgementMode(AcknowledgementMode.MANUAL)
				.fifoBatchGroupingStrategy(FifoBatchGroupingStrategy.PROCESS_MULTIPLE_GROUPS_IN_SAME_BATCH)
				.queueNotFoundStrategy(QueueNotFoundStrategy.FAIL)
				.backPressureHandlerFactory(
						BackPressureHandlerFactories.compositeBackPressureHandler(backPressureHandlers))
				.observationRegistry(observations))
			.build();
	}

	/**
	 * The listener of {@code messaging.queue}, for a service that declares the events it
	 * reads as {@link EventRoutes}.
	 * @param json the mapper the events are read with
	 * @param consumer the idempotent consumer the events are handed to
	 * @param routes the service's routes
	 * @return the listener
	 */
	@Bean
	@ConditionalOnProperty("messaging.queue")
	@ConditionalOnBean(EventRoutes.class)
	QueueListener queueListener(JsonMapper json, EventConsumer consumer, ObjectProvider<EventRoutes> routes) {
		return new QueueListener(EventRouter.of(json, consumer, routes.orderedStream().toList()));
	}

	/**
	 * The idempotent consumer the listeners' {@link EventRouter}s hand their batches to.
	 * @param jdbc the service's database
	 * @param transactionManager the transactions the events are applied in
	 * @param clock the clock events are recorded as processed with
	 * @param pause the pause of the listeners while the database is out of reach
	 * @param sqs the SQS client the messages are acknowledged with
	 * @param observers what is told of each batch, the metrics and failure records among
	 * them
	 * @param properties the messaging settings, the limits of what an event may hold
	 * among them
	 * @param validator the Bean Validation the routers check each event's record with
	 * @param tracing the span each event's handler runs in
	 * @return the consumer
	 */
	@Bean
	EventConsumer eventConsumer(JdbcClient jdbc, PlatformTransactionManager transactionManager, Clock clock,
			ListenerPause pause, SqsAsyncClient sqs, ObjectProvider<EventObserver> observers,
			MessagingProperties properties, ObjectProvider<Validator> validator,
			ObjectProvider<MessageTracing> tracing) {
		return new EventConsumer(new ProcessedEvents(jdbc, clock), new TransactionTemplate(transactionManager), pause,
				new Acknowledgements(sqs), observers.orderedStream().toList(),
				properties.listener().outage().busyPoolWait(),
				new EventChecks(properties.listener().limits(),
						validator.getIfUnique(() -> Validation.buildDefaultValidatorFactory().getValidator())),
				tracing.getIfAvailable(MessageTracing::off));
	}

	/**
	 * The purge that keeps {@code processed_events} within its retention.
	 * @param jdbc the service's database
	 * @param properties the messaging settings
	 * @param clock the clock the records' age is measured with
	 * @param registry where the count of records purged goes
	 * @return the purge
	 */
	@Bean
	ProcessedEventsPurge processedEventsPurge(JdbcClient jdbc, MessagingProperties properties, Clock clock,
			MeterRegistry registry) {
		return new ProcessedEventsPurge(new ProcessedEvents(jdbc, clock), properties.processedEvents(), clock,
				registry);
	}

	@Bean
	ListenerPause listenerPause(DataSource dataSource, MessagingProperties properties, Clock clock,
			MeterRegistry registry) {
		return new ListenerPause(outsideThePool(dataSource), properties.listener().outage().probeInterval(), clock,
				registry);
	}

	// The probe's connections: one from the pool would wait behind the busy ones for the
	// pool's timeout and tell a busy pool from a database out of reach no better than the
	// message's own failure did.
	private static DataSource outsideThePool(DataSource dataSource) {
		HikariDataSource pool = hikari(dataSource);
		if (pool == null || pool.getJdbcUrl() == null) {
			return dataSource;
		}
		DriverManagerDataSource probe = new DriverManagerDataSource(pool.getJdbcUrl(), pool.getUsername(),
				pool.getPassword());
		Properties connection = new Properties();
		connection.putAll(pool.getDataSourceProperties());
		// PostgreSQL's driver bounds the connect and the login with these, in seconds.
		connection.setProperty("connectTimeout", String.valueOf(PROBE_CONNECT_TIMEOUT_SECONDS));
		connection.setProperty("loginTimeout", String.valueOf(PROBE_CONNECT_TIMEOUT_SECONDS));
		probe.setConnectionProperties(connection);
		return probe;
	}

	private static @Nullable HikariDataSource hikari(DataSource dataSource) {
		try {
			return dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class) : null;
		}
		catch (SQLException ex) {
			return null;
		}
	}

	@Bean
	BackPressureHandlerFactory pausingBackPressureHandler(ListenerPause pause) {
		return (options) -> new PausingBackPressureHandler(pause, options.getMaxDelayBetweenPolls());
	}

	private static int seconds(Duration duration) {
		return Math.toIntExact(duration.toSeconds());
	}

}
