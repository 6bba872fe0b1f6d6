package org.contactability.console.adapters.web;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.contactability.console.application.Mailbox;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform's stable sandbox interface on the console's port: {@code GET /api/sandbox/messages?to=<E.164
 * or e-mail>} answers what the notifier's sandbox answers (every message that address received,
 * oldest first, as JSON), so that acceptance tests need only the console's address. Where the
 * platform has its own mail server (a {@link Mailbox} bean), e-mail addresses are answered from it.
 * {@code /api/sandbox/faults} (GET, POST, DELETE, DELETE {@code /{id}}) passes the notifier's fault injection
 * through, so that an ops team rehearses a provider outage from the console's address.
 */
@RestController
@ConditionalOnProperty(prefix = "contactability.console.sandbox", name = "enabled", havingValue = "true")
public class SandboxController {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final WebClient web;
  private final String notifier;
  private final JsonMapper json;

  private final Mailbox mailbox;
  private final CallerToken callerToken;

  public SandboxController(SandboxSettings sandbox, JsonMapper json, ObjectProvider<Mailbox> mailbox,
      CallerToken callerToken) {
    this.web = WebClient.create();
    this.notifier = sandbox.notifierUrl();
    this.json = json;
    this.mailbox = mailbox.getIfAvailable();
    this.callerToken = callerToken;
  }

  @GetMapping("/api/sandbox/messages")
  public Mono<ResponseEntity<String>> messages(@RequestParam(name = "to", required = false) String to,
      ServerWebExchange exchange) {
    if (to == null || to.isBlank()) {
      return Mono.just(ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN)
          .body("give the phone (E.164) or e-mail address as ?to="));
    }
    if (mailbox != null && to.contains("@")) {
      // E-mail went over real SMTP to the platform's mail server, not to the notifier's sandbox.
      return Mono.fromCallable(() -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
          .body(json.writeValueAsString(mailbox.messagesTo(to))));
    }
    return passedThrough(exchange, web.get().uri(notifier + "/api/sandbox/messages?to={to}", to.strip()));
  }

  @GetMapping("/api/sandbox/faults")
  public Mono<ResponseEntity<String>> faults(ServerWebExchange exchange) {
    return passedThrough(exchange, web.get().uri(notifier + "/api/sandbox/faults"));
  }

  @PostMapping("/api/sandbox/faults")
  public Mono<ResponseEntity<String>> addFault(@RequestBody(required = false) String fault, ServerWebExchange exchange) {
    return passedThrough(exchange, web.post().uri(notifier + "/api/sandbox/faults")
        .contentType(MediaType.APPLICATION_JSON).bodyValue(fault == null ? "" : fault));
  }

  @DeleteMapping("/api/sandbox/faults")
  public Mono<ResponseEntity<String>> clearFaults(ServerWebExchange exchange) {
    return passedThrough(exchange, web.delete().uri(notifier + "/api/sandbox/faults"));
  }

  @DeleteMapping("/api/sandbox/faults/{id}")
  public Mono<ResponseEntity<String>> removeFault(@PathVariable String id, ServerWebExchange exchange) {
    return passedThrough(exchange, web.delete().uri(notifier + "/api/sandbox/faults/{id}", id));
  }

  /**
   * The notifier's status and body as they are; 503 when it does not answer. The notifier checks the caller's own
   * token, with the same roles as this console.
   */
  private Mono<ResponseEntity<String>> passedThrough(ServerWebExchange exchange, WebClient.RequestHeadersSpec<?> call) {
    return callerToken.of(exchange).map(Optional::of).defaultIfEmpty(Optional.empty()).flatMap(token -> call
        .headers(headers -> token.ifPresent(headers::setBearerAuth))
        .exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("")
            .map(body -> ResponseEntity.status(response.statusCode())
                .contentType(response.headers().contentType().orElse(MediaType.APPLICATION_JSON))
                .body(body)))
        .timeout(TIMEOUT)
        .onErrorResume(e -> Mono.just(ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
            .contentType(MediaType.APPLICATION_JSON)
            .body(json.writeValueAsString(Map.of("error", "El notificador no responde en " + notifier + ": " + e.getMessage()))))));
  }
}
