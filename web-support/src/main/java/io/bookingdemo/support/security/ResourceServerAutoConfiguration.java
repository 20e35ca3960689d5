package io.bookingdemo.support.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.interfaces.RSAPublicKey;
import java.util.Collection;
import java.util.List;

import jakarta.servlet.DispatcherType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import io.bookingdemo.support.problems.Problems;
import io.github.bucket4j.TimeMeter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Makes a Spring MVC service an OAuth2 resource server: every endpoint but health and the
 * API's description needs a JWT bearer token from the configured issuer;
 * {@code /admin/**}, the other actuator endpoints and the service's operator paths need
 * the operator role, which the token's {@value #GROUPS_CLAIM} claim grants by naming
 * {@value #OPERATOR_GROUP}; refusals are problem bodies, and a client that keeps sending
 * bad tokens is turned away unchecked.
 */
@AutoConfiguration(before = { ServletWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class,
		OAuth2ResourceServerAutoConfiguration.class, ManagementWebSecurityAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ SecurityFilterChain.class, JwtDecoder.class })
@EnableWebSecurity
@EnableConfigurationProperties(SecurityProperties.class)
public class ResourceServerAutoConfiguration {

	/** The role of the operators. */
	public static final String OPERATOR_ROLE = "OPERATOR";

	/**
	 * The claim that lists the caller's groups: where Amazon Cognito puts a user's
	 * user-pool groups.
	 */
	public static final String GROUPS_CLAIM = "cognito:groups";

	/** The group whose members have the operator role. */
	public static final String OPERATOR_GROUP = "operators";

	/**
	 * The paths only operators may use in every service, besides the service's own
	 * operator paths: the actuator endpoints but health, and the administration API.
	 */
	public static final List<String> OPERATOR_PATHS = List.of("/admin/**", "/actuator/**");

	private static final Logger logger = LoggerFactory.getLogger(ResourceServerAutoConfiguration.class);

	private static final RequestMatcher HEALTH = PathPatternRequestMatcher.pathPattern("/actuator/health/**");

	// The API's description and Swagger UI, where the service has them: they hold no
	// data,
	// and a client needs them before it has a token.
	private static final String[] API_DOCS = { "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml",
			"/swagger-ui.html", "/swagger-ui/**" };

	@Bean
	SecurityFilterChain resourceServerSecurityFilterChain(HttpSecurity http, SecurityProperties properties,
			JwtDecoder jwtDecoder, JsonMapper json) throws Exception {
		FailedAuthentications failures = new FailedAuthentications(properties.failedAuthentications().perMinute(),
				properties.failedAuthentications().trackedClients(), TimeMeter.SYSTEM_NANOTIME);
		AuthenticationEntryPoint entryPoint = unauthorized(json, failures);
		return http
			.authorizeHttpRequests((requests) -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
				.permitAll()
				.requestMatchers(HEALTH)
				.permitAll()
				.requestMatchers(HttpMethod.GET, API_DOCS)
				.permitAll()
				.requestMatchers(OPERATOR_PATHS.toArray(String[]::new))
				.hasRole(OPERATOR_ROLE)
				.requestMatchers(properties.operatorPaths().toArray(String[]::new))
				.hasRole(OPERATOR_ROLE)
				.anyRequest()
				.authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer
				.jwt((jwt) -> jwt.decoder(jwtDecoder).jwtAuthenticationConverter(operatorsFromGroups()))
				.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler(forbidden(json)))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler(forbidden(json)))
			.addFilterBefore(new FailedAuthenticationLimitFilter(failures, HEALTH, json),
					BearerTokenAuthenticationFilter.class)
			// Stateless bearer tokens: no session and no cookie that a forged
			// request could ride on.
			.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(AbstractHttpConfigurer::disable)
			.build();
	}

	/**
	 * Checks a token's signature against the issuer's JWK set, or else the configured
	 * public key, and its issuer and lifetime; the audience is not checked, since Amazon
	 * Cognito's access tokens have none.
	 * @param properties the security settings
	 * @return the decoder
	 */
	@Bean
	@ConditionalOnMissingBean
	JwtDecoder jwtDecoder(SecurityProperties properties) {
		SecurityProperties.Jwt jwt = properties.jwt();
		if (!jwt.isConfigured()) {
			logger.warn("messaging.security.jwt (JWT_ISSUER with JWT_JWK_SET_URI or JWT_PUBLIC_KEY_LOCATION) "
					+ "is not set: every token is refused");
			return (token) -> {
				throw new BadJwtException("This service is configured to accept no token");
			};
		}
		NimbusJwtDecoder decoder = jwt.hasJwkSetUri() ? NimbusJwtDecoder.withJwkSetUri(jwt.jwkSetUri()).build()
				: NimbusJwtDecoder.withPublicKey(publicKey(jwt)).build();
		decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(jwt.issuer()));
		return decoder;
	}

	private static RSAPublicKey publicKey(SecurityProperties.Jwt jwt) {
		Resource location = new DefaultResourceLoader().getResource(jwt.publicKeyLocation());
		try (InputStream pem = location.getInputStream()) {
			return RsaKeyConverters.x509().convert(pem);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(
					"Could not read the token signing key at " + location + " (JWT_PUBLIC_KEY_LOCATION)", ex);
		}
	}

	private static JwtAuthenticationConverter operatorsFromGroups() {
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter((jwt) -> {
			List<String> groups = jwt.hasClaim(GROUPS_CLAIM) ? jwt.getClaimAsStringList(GROUPS_CLAIM) : List.of();
			Collection<GrantedAuthority> authorities = groups.contains(OPERATOR_GROUP)
					? List.of(new SimpleGrantedAuthority("ROLE_" + OPERATOR_ROLE)) : List.of();
			return authorities;
		});
		return converter;
	}

	// The bearer entry point sets the status and the WWW-Authenticate challenge of RFC
	// 6750; the problem body follows. Only a token that was sent and refused counts as a
	// failed attempt, not a request without one.
	private static AuthenticationEntryPoint unauthorized(JsonMapper json, FailedAuthentications failures) {
		BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
		return (request, response, ex) -> {
			boolean refused = ex instanceof OAuth2AuthenticationException;
			if (refused) {
				failures.record(request.getRemoteAddr());
			}
			bearer.commence(request, response, ex);
			HttpStatus status = HttpStatus.valueOf(response.getStatus());
			ProblemResponses.write(json, request, response, status,
					(status == HttpStatus.UNAUTHORIZED) ? Problems.UNAUTHORIZED : Problems.MALFORMED_REQUEST,
					(status == HttpStatus.UNAUTHORIZED) ? "Unauthorized" : "Malformed request",
					refused ? "The bearer token is malformed, expired, wrongly signed or not from the expected issuer"
							: "A bearer token is required for " + request.getRequestURI());
		};
	}

	private static AccessDeniedHandler forbidden(JsonMapper json) {
		BearerTokenAccessDeniedHandler bearer = new BearerTokenAccessDeniedHandler();
		return (request, response, ex) -> {
			bearer.handle(request, response, ex);
			ProblemResponses.write(json, request, response, HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "Forbidden",
					"Only an operator may use " + request.getRequestURI());
		};
	}

}
