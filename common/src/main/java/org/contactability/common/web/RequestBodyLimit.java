package org.contactability.common.web;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

import org.contactability.common.links.AnswerTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * Request bodies over the limit (the codecs' in-memory limit, 256 KB by default) are answered
 * {@code 413} with one log line, never {@code 500} with a stack trace: anybody can send them, before
 * any signature can be checked (a signature covers the body). A declared {@code Content-Length} over the
 * limit is refused before anything is read; a body that streams past it (chunked) is refused when the
 * codec reading it gives up. One bean is both the filter and the exception handler, first in each chain
 * (before Spring Security, whose CSRF check reads forms, and before Boot's error page).
 */
public final class RequestBodyLimit implements WebFilter, WebExceptionHandler, Ordered {

  private static final Logger log = LoggerFactory.getLogger(RequestBodyLimit.class);
  private static final int LOGGED_PATH_LENGTH = 120;

  private final long maxBytes;
  private final byte[] answer;

  /** @param maxBytes the largest body taken; negative for no limit (as the codecs' setting) */
  public RequestBodyLimit(long maxBytes) {
    this.maxBytes = maxBytes;
    this.answer = ("Request body too large: at most " + maxBytes + " bytes\n").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (maxBytes >= 0 && exchange.getRequest().getHeaders().getContentLength() > maxBytes) {
      return refuse(exchange);
    }
    return chain.filter(exchange);
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
    if (!overLimit(error) || exchange.getResponse().isCommitted()) {
      return Mono.error(error);
    }
    return refuse(exchange);
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  private Mono<Void> refuse(ServerWebExchange exchange) {
    ServerHttpRequest request = exchange.getRequest();
    log.warn("Refused a request body over {} bytes: {} {} (413)", maxBytes, request.getMethod(),
        loggablePath(request.getPath().value()));
    ServerHttpResponse response = exchange.getResponse();
    response.setStatusCode(HttpStatus.CONTENT_TOO_LARGE);
    response.getHeaders().setContentType(MediaType.TEXT_PLAIN);
    // The rest of the body is not worth reading.
    response.getHeaders().set(HttpHeaders.CONNECTION, "close");
    return response.writeWith(Mono.just(response.bufferFactory().wrap(answer)));
  }

  private static boolean overLimit(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof DataBufferLimitException) {
        return true;
      }
    }
    return false;
  }

  /** The path with answer tokens masked (a token grants an answer until it expires), cut short. */
  static String loggablePath(String path) {
    String masked = Arrays.stream(path.split("/", -1))
        .map(segment -> AnswerTokens.isWellFormed(segment) ? "<token>" : segment)
        .collect(Collectors.joining("/"));
    return masked.length() <= LOGGED_PATH_LENGTH ? masked : masked.substring(0, LOGGED_PATH_LENGTH) + "...";
  }
}
