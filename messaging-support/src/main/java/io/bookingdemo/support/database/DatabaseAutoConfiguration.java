package io.bookingdemo.support.database;

import io.bookingdemo.support.MessagingProperties;
import io.bookingdemo.support.MessagingSupportAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Gives every connection of the service's pool the statement and lock timeouts of
 * {@code messaging.database}.
 */
@AutoConfiguration(after = MessagingSupportAutoConfiguration.class)
public class DatabaseAutoConfiguration {

	/**
	 * Sets the timeouts on the service's Hikari pool before it opens its first
	 * connection.
	 * @param properties the messaging settings, read when the pool is created
	 * @return the post-processor
	 */
	@Bean
	static BeanPostProcessor databaseTimeouts(ObjectProvider<MessagingProperties> properties) {
		return new DatabaseTimeouts(() -> properties.getObject().database());
	}

}
