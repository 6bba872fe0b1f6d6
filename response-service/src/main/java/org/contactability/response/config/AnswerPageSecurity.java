package org.contactability.response.config;

import java.nio.charset.StandardCharsets;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter.Mode;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

import reactor.core.publisher.Mono;

/**
 * Spring Security guards the answer page only: CSRF tokens on its forms (double-submit cookie, so that
 * any instance can check them and a restart loses nothing), and headers that keep it from being framed,
 * from loading anything from elsewhere, and from leaking its URL (the token) in a Referer. Twilio's
 * webhooks are authenticated by their signature instead; nothing here logs anybody in.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
public class AnswerPageSecurity {

  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self';"
      + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  /** In "usted", like the page and every message. */
  static final String EXPIRED_FORM_HTML = "<!DOCTYPE html><html lang=\"es-CL\"><head><meta charset=\"utf-8\">"
      + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Vuelva a abrir el enlace"
      + "</title></head><body><main><h1>Vuelva a abrir el enlace</h1><p>No pudimos verificar este envío. Abra de nuevo"
      + " el enlace del mensaje que le enviamos y presione el botón otra vez.</p></main><footer><p>Nunca le pediremos"
      + " claves ni datos personales.</p></footer></body></html>";
  private static final byte[] EXPIRED_FORM = EXPIRED_FORM_HTML.getBytes(StandardCharsets.UTF_8);

  /**
   * No observation per security filter: Spring's HTTP server metrics already time every request, and
   * wrapping each filter of every request (webhooks included) in observations cost measurable CPU.
   */
  @Bean
  SecurityObservationSettings securityObservationSettings() {
    return SecurityObservationSettings.noObservations();
  }

  /** Before the service's closed-by-default chain (ServiceAccess), which sees every other path. */
  @Bean
  @org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
  SecurityWebFilterChain answerPageChain(ServerHttpSecurity http) {
    CookieServerCsrfTokenRepository tokens = new CookieServerCsrfTokenRepository();
    tokens.setCookiePath("/r");
    tokens.setCookieCustomizer(cookie -> cookie.sameSite("Strict"));
    return http
        .securityMatcher(ServerWebExchangeMatchers.pathMatchers("/r/**"))
        .authorizeExchange(exchanges -> exchanges.anyExchange().permitAll())
        .csrf(csrf -> csrf.csrfTokenRepository(tokens).accessDeniedHandler(expiredForm()))
        .headers(headers -> headers
            .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
            .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
            .frameOptions(frames -> frames.mode(Mode.DENY)))
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
        .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
        .build();
  }

  /** A POST without a valid CSRF token (a forged form, or a page kept open across a cookie loss). */
  private static ServerAccessDeniedHandler expiredForm() {
    return (exchange, denied) -> {
      var response = exchange.getResponse();
      response.setStatusCode(HttpStatus.FORBIDDEN);
      response.getHeaders().setContentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8));
      DataBuffer body = response.bufferFactory().wrap(EXPIRED_FORM);
      return response.writeWith(Mono.just(body));
    };
  }
}
