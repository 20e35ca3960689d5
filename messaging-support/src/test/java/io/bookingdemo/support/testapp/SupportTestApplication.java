package io.bookingdemo.support.testapp;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The smallest service that uses the module: it publishes {@link WidgetShipped} through
 * the outbox and reads it back with {@link WidgetListener}.
 */
@SpringBootApplication
public class SupportTestApplication {

}
