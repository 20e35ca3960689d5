package io.bookingdemo.support.database;

import java.util.function.Supplier;

import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;

import io.bookingdemo.support.MessagingProperties;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Makes a Hikari pool run a statement on each connection it opens that sets PostgreSQL's
 * {@code statement_timeout} and {@code lock_timeout} for the connection's whole life,
 * ahead of any init statement the service set itself. Every user of the pool gets them:
 * the listeners, the relay, the scheduled purges, the HTTP requests and Flyway, whose
 * migrations therefore must each fit within them, or raise them for their own transaction
 * with {@code set local}.
 */
class DatabaseTimeouts implements BeanPostProcessor {

	private final Supplier<MessagingProperties.Database> settings;

	DatabaseTimeouts(Supplier<MessagingProperties.Database> settings) {
		this.settings = settings;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource pool) {
			pool.setConnectionInitSql(initSql(this.settings.get(), pool.getConnectionInitSql()));
		}
		return bean;
	}

	// One statement: a connection's init SQL is run as a single execute.
	static String initSql(MessagingProperties.Database settings, @Nullable String own) {
		String limits = "select set_config('statement_timeout', '" + settings.statementTimeout().toMillis()
				+ "', false), set_config('lock_timeout', '" + settings.lockTimeout().toMillis() + "', false)";
		return (own == null || own.isBlank()) ? limits : limits + "; " + own;
	}

}
