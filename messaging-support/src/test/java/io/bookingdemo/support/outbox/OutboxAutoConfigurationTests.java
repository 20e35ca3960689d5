package io.bookingdemo.support.outbox;

import java.net.URI;
import java.time.Clock;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.bookingdemo.support.MessagingProperties;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;

import static org.assertj.core.api.Assertions.assertThat;

class OutboxAutoConfigurationTests {

	// Nothing here connects: without the scheduling that
	// MessagingSupportAutoConfiguration
	// turns on, the outbox's beans touch neither the database nor SNS.
	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OutboxAutoConfiguration.class))
		.withUserConfiguration(Settings.class)
		.withBean(Clock.class, Clock::systemUTC)
		.withBean(JdbcClient.class, () -> JdbcClient.create(new SimpleDriverDataSource()))
		.withBean(PlatformTransactionManager.class,
				() -> new DataSourceTransactionManager(new SimpleDriverDataSource()))
		.withBean(JsonMapper.class, () -> JsonMapper.builder().build())
		.withBean(SimpleMeterRegistry.class)
		.withBean(SnsClient.class,
				() -> SnsClient.builder()
					.region(Region.US_EAST_1)
					.endpointOverride(URI.create("http://127.0.0.1:9"))
					.build());

	@Test
	void relaysToTheTopicItIsGiven() {
		this.contexts.withPropertyValues("messaging.topic=widget-events")
			.run((context) -> assertThat(context).hasSingleBean(Outbox.class)
				.hasSingleBean(OutboxRelay.class)
				.hasSingleBean(OutboxMetrics.class));
	}

	@Test
	void leavesAServiceWithoutATopicWithoutAnOutbox() {
		this.contexts.withPropertyValues("messaging.queue=widget-service-events")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(Outbox.class)
				.doesNotHaveBean(OutboxRelay.class)
				.doesNotHaveBean(OutboxMetrics.class));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(MessagingProperties.class)
	static class Settings {

	}

}
