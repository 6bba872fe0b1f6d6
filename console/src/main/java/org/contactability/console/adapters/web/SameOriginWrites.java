package org.contactability.console.adapters.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a request that changes something (replay, clock, patient reply) when a browser says it
 * comes from another site: a page elsewhere cannot make an operator's browser replay a dead letter
 * or move the clock. Requests without an {@code Origin} header (curl, tests, services) pass.
 */
@Component
public class SameOriginWrites implements WebFilter {

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    HttpMethod method = request.getMethod();
    if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method)) {
      return chain.filter(exchange);
    }
    String origin = request.getHeaders().getOrigin();
    String host = request.getHeaders().getFirst(HttpHeaders.HOST);
    if (origin == null || host == null || sameHost(origin, host)) {
      return chain.filter(exchange);
    }
    exchange.getResponse().setStatusCode(HttpStatus.FORBIDDEN);
    exchange.getResponse().getHeaders().setContentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8));
    byte[] body = "Solicitud rechazada: viene de otro sitio.\n".getBytes(StandardCharsets.UTF_8);
    return exchange.getResponse().writeWith(Mono.just(exchange.getResponse().bufferFactory().wrap(body)));
  }

  private static boolean sameHost(String origin, String host) {
    try {
      URI uri = URI.create(origin);
      if (uri.getHost() == null) {
        return false;
      }
      String authority = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
      return authority.toLowerCase(Locale.ROOT).equals(host.toLowerCase(Locale.ROOT))
          || (uri.getPort() < 0 && host.toLowerCase(Locale.ROOT).equals(uri.getHost().toLowerCase(Locale.ROOT)
              + (uri.getScheme().equals("https") ? ":443" : ":80")));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
