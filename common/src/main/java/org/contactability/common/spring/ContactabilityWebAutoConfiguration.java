package org.contactability.common.spring;

import org.contactability.common.web.RequestBodyLimit;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.WebFilter;

/** What every service with a (WebFlux) web server gets: oversized request bodies answered 413. */
@AutoConfiguration
@ConditionalOnClass(WebFilter.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class ContactabilityWebAutoConfiguration {

  /** One number for the codecs and the filter: the codecs' own setting, 256 KB unless set. */
  static final String CODECS_LIMIT = "spring.http.codecs.max-in-memory-size";

  @Bean
  RequestBodyLimit requestBodyLimit(Environment environment) {
    DataSize limit = Binder.get(environment).bind(CODECS_LIMIT, DataSize.class).orElse(DataSize.ofKilobytes(256));
    return new RequestBodyLimit(limit.toBytes());
  }
}
