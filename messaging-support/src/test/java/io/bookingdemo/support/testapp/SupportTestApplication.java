package io.bookingdemo.support.testapp;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The smallest service that uses the module: it publishes {@link WidgetShipped} through
 * the outbox and reads it back with {@link WidgetListener}; the spans it records are kept
 * in memory for the tests to read.
 */
@SpringBootApplication
public class SupportTestApplication {

	@Bean
	InMemorySpanExporter spans() {
		return InMemorySpanExporter.create();
	}

}
