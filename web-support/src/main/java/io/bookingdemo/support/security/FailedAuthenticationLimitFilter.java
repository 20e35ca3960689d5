package io.bookingdemo.support.security;

import java.io.IOException;
import java.util.OptionalLong;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import io.bookingdemo.support.problems.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 429 to a client over its limit of failed authentications, before its token is
 * read, so that guessing tokens costs the guesser its wait and the service nothing.
 */
class FailedAuthenticationLimitFilter extends OncePerRequestFilter {

	private final FailedAuthentications failures;

	private final RequestMatcher open;

	private final JsonMapper json;

	FailedAuthenticationLimitFilter(FailedAuthentications failures, RequestMatcher open, JsonMapper json) {
		this.failures = failures;
		this.open = open;
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		OptionalLong wait = this.open.matches(request) ? OptionalLong.empty()
				: this.failures.blockedForSeconds(request.getRemoteAddr());
		if (wait.isEmpty()) {
			chain.doFilter(request, response);
			return;
		}
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(wait.getAsLong()));
		ProblemResponses.write(this.json, request, response, HttpStatus.TOO_MANY_REQUESTS, Problems.TOO_MANY_REQUESTS,
				"Too many requests",
				"Too many failed authentications from this address; retry after " + wait.getAsLong() + " s");
	}

}
