package io.bookingdemo.booking.system;

import io.bookingdemo.support.problems.RequestSizeLimitFilter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/**
 * The request size limit.
 */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration {

	@Bean
	FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(
			@Value("${booking.max-request-size}") DataSize limit) {
		FilterRegistrationBean<RequestSizeLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestSizeLimitFilter(limit));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}
