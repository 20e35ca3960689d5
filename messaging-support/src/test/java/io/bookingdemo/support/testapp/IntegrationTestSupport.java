package io.bookingdemo.support.testapp;

import io.bookingdemo.testsupport.TestTokens;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Runs {@link SupportTestApplication} against real PostgreSQL and the SNS/SQS emulator,
 * with its topic and queues created beforehand. Every subclass shares one application
 * context.
 */
@SpringBootTest(classes = SupportTestApplication.class)
public abstract class IntegrationTestSupport {

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestTopology.springProperties().forEach((name, value) -> registry.add(name, () -> value));
		TestTokens.register(registry);
	}

}
