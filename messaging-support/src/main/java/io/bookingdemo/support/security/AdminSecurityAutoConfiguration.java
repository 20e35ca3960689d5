package io.bookingdemo.support.security;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import io.bookingdemo.support.problems.Problems;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Guards {@code /admin/**} with HTTP Basic for one operator, whose password comes from
 * the environment, and answers refusals with problem bodies; every other path stays as
 * open as without it. Being a filter chain of its own, it also replaces Spring Boot's
 * default, which would lock every path.
 */
@AutoConfiguration(before = { ServletWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(SecurityFilterChain.class)
@EnableWebSecurity
@EnableConfigurationProperties(AdminProperties.class)
public class AdminSecurityAutoConfiguration {

	/** The role that may use {@code /admin/**}. */
	public static final String OPERATOR = "OPERATOR";

	private static final Logger logger = LoggerFactory.getLogger(AdminSecurityAutoConfiguration.class);

	private static final String REALM = "admin";

	@Bean
	SecurityFilterChain adminSecurityFilterChain(HttpSecurity http, JsonMapper json) throws Exception {
		return http.securityMatcher("/admin/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().hasRole(OPERATOR))
			.httpBasic((basic) -> basic.realmName(REALM)
				.authenticationEntryPoint((request, response, ex) -> unauthorized(json, request, response)))
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint((request, response, ex) -> unauthorized(json, request, response))
				.accessDeniedHandler((request, response, ex) -> problem(json, request, response, HttpStatus.FORBIDDEN,
						Problems.FORBIDDEN, "Forbidden", "Only an operator may use " + request.getRequestURI())))
			// Stateless HTTP Basic: no session and no cookie that a forged request could
			// ride on.
			.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(AbstractHttpConfigurer::disable)
			.build();
	}

	@Bean
	UserDetailsService adminUsers(AdminProperties admin) {
		if (!admin.hasPassword()) {
			logger.warn("messaging.admin.password (MESSAGING_ADMIN_PASSWORD) is not set: /admin refuses every request");
			return new InMemoryUserDetailsManager();
		}
		return new InMemoryUserDetailsManager(User.withUsername(admin.username())
			.password(PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(admin.password()))
			.roles(OPERATOR)
			.build());
	}

	private static void unauthorized(JsonMapper json, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
		problem(json, request, response, HttpStatus.UNAUTHORIZED, Problems.UNAUTHORIZED, "Unauthorized",
				"Operator credentials (HTTP Basic) are required for " + request.getRequestURI());
	}

	private static void problem(JsonMapper json, HttpServletRequest request, HttpServletResponse response,
			HttpStatus status, URI type, String title, String detail) throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", type.toString());
		problem.put("title", title);
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("instance", request.getRequestURI());
		response.setStatus(status.value());
		response.setContentType("application/problem+json");
		json.writeValue(response.getOutputStream(), problem);
	}

}
