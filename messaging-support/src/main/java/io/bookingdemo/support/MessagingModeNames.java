package io.bookingdemo.support;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Makes {@code messaging.queue} and {@code messaging.topic} name the resources of the
 * deployment's {@link MessagingMode}: in {@code fifo} mode they read as the configured
 * base names plus {@code .fifo}, everywhere, {@code @SqsListener("${messaging.queue}")}
 * and {@link MessagingProperties} alike. The names are derived when they are read, so
 * that a mode or a name set after start-up (a test's dynamic properties) counts too.
 */
class MessagingModeNames implements EnvironmentPostProcessor {

	static final String SOURCE_NAME = "messagingModeNames";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getPropertySources().contains(SOURCE_NAME)) {
			environment.getPropertySources().addFirst(new DerivedNames(environment));
		}
	}

	// Its source is not the environment itself: Boot would read that as nested sources.
	private static final class DerivedNames extends PropertySource<Object> {

		private static final Set<String> NAMES = Set.of("messaging.queue", "messaging.topic");

		// Boot's view of all the sources, this one included: asking it would recurse.
		private static final String ATTACHED_SOURCE = "configurationProperties";

		private final ThreadLocal<Boolean> deriving = ThreadLocal.withInitial(() -> false);

		private final ConfigurableEnvironment environment;

		DerivedNames(ConfigurableEnvironment environment) {
			super(SOURCE_NAME, new Object());
			this.environment = environment;
		}

		@Override
		public @Nullable Object getProperty(String name) {
			if (!NAMES.contains(name) || this.deriving.get()) {
				return null;
			}
			this.deriving.set(true);
			try {
				String mode = this.environment.getProperty("messaging.mode");
				if (mode == null || MessagingMode.valueOf(mode.trim().toUpperCase()) != MessagingMode.FIFO) {
					return null;
				}
				String configured = configured(name);
				return (configured != null) ? MessagingMode.FIFO.resourceName(configured) : null;
			}
			finally {
				this.deriving.remove();
			}
		}

		private @Nullable String configured(String name) {
			for (PropertySource<?> source : this.environment.getPropertySources()) {
				if (source == this || source.getName().equals(ATTACHED_SOURCE)) {
					continue;
				}
				Object value = source.getProperty(name);
				if (value != null) {
					return this.environment.resolveRequiredPlaceholders(value.toString());
				}
			}
			return null;
		}

	}

}
