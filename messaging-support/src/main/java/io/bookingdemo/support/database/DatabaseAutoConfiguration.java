package io.bookingdemo.support.database;

import javax.sql.DataSource;

import io.bookingdemo.support.MessagingProperties;
import io.bookingdemo.support.MessagingSupportAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Gives every connection of the service's pool the statement and lock timeouts of
 * {@code messaging.database}, and migrates the plumbing's tables after the service's own.
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

	/**
	 * Runs the service's migrations, then those of each {@link PlumbingSchema} the
	 * plumbing's parts declare, each part with a history table of its own: the versions
	 * of the service and of the plumbing never meet, so either can add a migration after
	 * the other's. The service's run first, on an empty database, so that they need no
	 * baseline.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(FlywayMigrationStrategy.class)
	static class Migrations {

		@Bean
		@ConditionalOnMissingBean
		FlywayMigrationStrategy plumbingMigrations(ObjectProvider<PlumbingSchema> schemas) {
			return (flyway) -> {
				flyway.migrate();
				DataSource dataSource = flyway.getConfiguration().getDataSource();
				schemas.orderedStream().forEach((schema) -> schema.migrate(dataSource));
			};
		}

	}

}
