package io.bookingdemo.support.problems;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;

/**
 * Reads HTTP request bodies strictly: unknown fields, duplicate keys and trailing tokens
 * are errors, and a JSON number or boolean is never silently turned into a string or a
 * date. Only the HTTP converter reads this way; the application's {@link JsonMapper},
 * with which consumers read events as tolerant readers, is left as it is.
 */
@AutoConfiguration(after = HttpMessageConvertersAutoConfiguration.class, before = WebMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ ServerHttpMessageConvertersCustomizer.class, JacksonJsonHttpMessageConverter.class })
public class StrictJsonAutoConfiguration {

	// Registered after Spring Boot's own JSON customizer, so that its converter is the
	// one
	// that stays.
	@Bean
	ServerHttpMessageConvertersCustomizer strictJsonRequestBodies(JsonMapper json) {
		JsonMapper strict = strict(json);
		return (converters) -> converters.withJsonConverter(new JacksonJsonHttpMessageConverter(strict));
	}

	private static JsonMapper strict(JsonMapper json) {
		return json.rebuild()
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.withCoercionConfig(LogicalType.Textual,
					(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.DateTime,
					(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
			.build();
	}

}
