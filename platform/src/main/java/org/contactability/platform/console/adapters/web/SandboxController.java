package org.contactability.platform.console.adapters.web;

import java.time.Duration;
import java.util.Map;

import org.contactability.platform.console.config.ConsoleProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform's stable sandbox interface on the console's port: {@code GET /api/sandbox/messages?to=<E.164
 * or e-mail>} answers what the notifier's sandbox answers (every message that address received,
 * oldest first, as JSON), so that acceptance tests need only the console's address.
 */
@RestController
@ConditionalOnProperty(prefix = "contactability.console.sandbox", name = "enabled", havingValue = "true")
public class SandboxController {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final WebClient web;
  private final String notifier;
  private final JsonMapper json;

  public SandboxController(ConsoleProperties properties, JsonMapper json) {
    this.web = WebClient.create();
    this.notifier = properties.sandbox().notifierBase();
    this.json = json;
  }

  @GetMapping("/api/sandbox/messages")
  public Mono<ResponseEntity<String>> messages(@RequestParam(name = "to", required = false) String to) {
    if (to == null || to.isBlank()) {
      return Mono.just(ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN)
          .body("give the phone (E.164) or e-mail address as ?to="));
    }
    return web.get().uri(notifier + "/api/sandbox/messages?to={to}", to.strip())
        .exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("")
            .map(body -> ResponseEntity.status(response.statusCode())
                .contentType(response.headers().contentType().orElse(MediaType.APPLICATION_JSON))
                .body(body)))
        .timeout(TIMEOUT)
        .onErrorResume(e -> Mono.just(ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
            .contentType(MediaType.APPLICATION_JSON)
            .body(json.writeValueAsString(Map.of("error", "El notificador no responde en " + notifier + ": " + e.getMessage())))));
  }
}
