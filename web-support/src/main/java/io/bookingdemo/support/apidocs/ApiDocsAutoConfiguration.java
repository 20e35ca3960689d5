package io.bookingdemo.support.apidocs;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.configuration.SpringDocConfiguration;

import io.bookingdemo.support.security.SecurityProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Describes a service's HTTP API as an OpenAPI 3.1 document ({@code /v3/api-docs}, shown
 * by Swagger UI at {@code /swagger-ui/index.html}) wherever the service brings springdoc:
 * the JWT bearer scheme, each operation's security requirement (the operator role where
 * the security configuration asks for it) and the problem responses the shared plumbing
 * answers; the service's controllers add their summaries and their own problem types.
 */
@AutoConfiguration(before = SpringDocConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ OpenAPI.class, SpringDocConfiguration.class })
@EnableConfigurationProperties(SecurityProperties.class)
public class ApiDocsAutoConfiguration {

	// A relative server: Swagger UI calls the host it was loaded from, whatever port or
	// load balancer is in front, and the document does not change with the port.
	@Bean
	@ConditionalOnMissingBean
	OpenAPI apiDocument(Environment environment) {
		return new OpenAPI()
			.info(new Info().title(environment.getProperty("spring.application.name", "service")).version("1"))
			.addServersItem(new Server().url("/"));
	}

	@Bean
	ApiDocsCustomizer apiDocsCustomizer(SecurityProperties security) {
		return new ApiDocsCustomizer(security.operatorPaths());
	}

}
