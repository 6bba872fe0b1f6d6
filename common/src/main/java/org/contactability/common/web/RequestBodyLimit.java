package org.contactability.common.web;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

import org.contactability.common.links.AnswerTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * Request bodies over the limit (the codecs' in-memory limit, 256 KB by default) are answered
 * {@code 413} with one log line, before anything reads them, never {@code 500} with a stack trace:
 * anybody can send them, before any signature can be checked (a signature covers the body). A body
 * sent without its length (chunked) is answered {@code 411}: its size would only show while it is
 * being read, by which time Spring Security's CSRF check or a handler has started reading it, and a
 * failure there ends as a stack trace. Every client of the platform's endpoints (Twilio, browsers,
 * curl, the console) sends {@code Content-Length}. First of the filters, before Spring Security.
 */
public final class RequestBodyLimit implements WebFilter, Ordered {

  private static final Logger log = LoggerFactory.getLogger(RequestBodyLimit.class);
  private static final int LOGGED_PATH_LENGTH = 120;

  private final long maxBytes;
  private final byte[] tooLarge;
  private final byte[] noLength;

  /** @param maxBytes the largest body taken; negative for no limit (as the codecs' setting) */
  public RequestBodyLimit(long maxBytes) {
    this.maxBytes = maxBytes;
    this.tooLarge = ("Request body too large: at most " + maxBytes + " bytes\n").getBytes(StandardCharsets.UTF_8);
    this.noLength = "Length required: send the body with a Content-Length\n".getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    HttpHeaders headers = exchange.getRequest().getHeaders();
    if (maxBytes >= 0 && headers.getContentLength() > maxBytes) {
      return refuse(exchange, HttpStatus.CONTENT_TOO_LARGE, tooLarge,
          "Refused a request body over " + maxBytes + " bytes");
    }
    if (maxBytes >= 0 && headers.getContentLength() < 0 && headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
      return refuse(exchange, HttpStatus.LENGTH_REQUIRED, noLength, "Refused a request body without a length");
    }
    return chain.filter(exchange);
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  private static Mono<Void> refuse(ServerWebExchange exchange, HttpStatus status, byte[] answer, String what) {
    ServerHttpRequest request = exchange.getRequest();
    log.warn("{}: {} {} ({})", what, request.getMethod(), loggablePath(request.getPath().value()), status.value());
    ServerHttpResponse response = exchange.getResponse();
    response.setStatusCode(status);
    response.getHeaders().setContentType(MediaType.TEXT_PLAIN);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(answer)));
  }

  /** The path with answer tokens masked (a token grants an answer until it expires), cut short. */
  static String loggablePath(String path) {
    String masked = Arrays.stream(path.split("/", -1))
        .map(segment -> AnswerTokens.isWellFormed(segment) ? "<token>" : segment)
        .collect(Collectors.joining("/"));
    return masked.length() <= LOGGED_PATH_LENGTH ? masked : masked.substring(0, LOGGED_PATH_LENGTH) + "...";
  }
}
