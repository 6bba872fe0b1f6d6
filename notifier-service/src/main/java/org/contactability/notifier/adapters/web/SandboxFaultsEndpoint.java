package org.contactability.notifier.adapters.web;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import org.contactability.contracts.common.Channel;
import org.contactability.notifier.adapters.sandbox.SandboxFaults;
import org.contactability.notifier.domain.Recipients;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The sandbox's faults over HTTP (served only when a channel uses the sandbox): {@code GET /api/sandbox/faults} lists
 * them; {@code POST /api/sandbox/faults} with {@code {"kind":"error","status":503,"channel":"whatsapp"}} adds one
 * (201 with its id; 400 with the reason when it makes no sense); {@code DELETE /api/sandbox/faults/{id}} removes one
 * (204, or 404), {@code DELETE /api/sandbox/faults} all (204).
 */
public final class SandboxFaultsEndpoint {

  /**
   * A fault as the API reads and writes it.
   *
   * @param kind    error, timeout, delay or drop-reports
   * @param channel whatsapp, sms, voice or email; absent for every channel
   * @param to      an E.164 phone or e-mail address; absent for every address
   * @param share   share of the matching calls, above 0 and at most 1; absent for all
   * @param status  the HTTP status an error answers: 429 or 5xx
   * @param delayMs how long a timeout or a delay holds the answer, in milliseconds
   * @param hits    calls the fault met since it was added (read only)
   */
  public record FaultJson(String id, String kind, String channel, String to, Double share, Integer status,
      Long delayMs, Long hits) {
  }

  private final SandboxFaults faults;
  private final Recipients recipients;

  public SandboxFaultsEndpoint(SandboxFaults faults, Recipients recipients) {
    this.faults = faults;
    this.recipients = recipients;
  }

  public Mono<ServerResponse> list(ServerRequest request) {
    return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
        .bodyValue(faults.all().stream().map(this::json).toList());
  }

  public Mono<ServerResponse> add(ServerRequest request) {
    return request.bodyToMono(FaultJson.class)
        .flatMap(json -> {
          SandboxFaults.Fault fault;
          try {
            fault = fault(json);
          } catch (IllegalArgumentException e) {
            return ServerResponse.badRequest().contentType(MediaType.TEXT_PLAIN).bodyValue(e.getMessage());
          }
          return ServerResponse.status(HttpStatus.CREATED).contentType(MediaType.APPLICATION_JSON)
              .bodyValue(json(faults.add(fault)));
        })
        .switchIfEmpty(ServerResponse.badRequest().contentType(MediaType.TEXT_PLAIN)
            .bodyValue("give the fault as JSON, e.g. {\"kind\":\"error\",\"status\":503,\"channel\":\"whatsapp\"}"));
  }

  public Mono<ServerResponse> remove(ServerRequest request) {
    return faults.remove(request.pathVariable("id")) ? ServerResponse.noContent().build()
        : ServerResponse.notFound().build();
  }

  public Mono<ServerResponse> clear(ServerRequest request) {
    faults.clear();
    return ServerResponse.noContent().build();
  }

  private FaultJson json(SandboxFaults.Fault fault) {
    return new FaultJson(fault.id(), fault.kind().label(),
        fault.channel() == null ? null : fault.channel().name().toLowerCase(Locale.ROOT), fault.to(), fault.share(),
        fault.status(), fault.delay() == null ? null : fault.delay().toMillis(), faults.hits(fault.id()));
  }

  private SandboxFaults.Fault fault(FaultJson json) {
    SandboxFaults.Kind kind = json.kind() == null ? null : kind(json.kind());
    Channel channel = json.channel() == null ? null : channel(json.channel());
    String to = null;
    if (json.to() != null) {
      Optional<String> address = recipients.normaliseAddress(json.to());
      to = address.orElseThrow(() -> new IllegalArgumentException("'to' is neither a valid phone number nor an e-mail"
          + " address"));
    }
    return new SandboxFaults.Fault(null, kind, channel, to, json.share() == null ? 1.0 : json.share(), json.status(),
        json.delayMs() == null ? null : Duration.ofMillis(json.delayMs()));
  }

  private static SandboxFaults.Kind kind(String label) {
    for (SandboxFaults.Kind kind : SandboxFaults.Kind.values()) {
      if (kind.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
        return kind;
      }
    }
    throw new IllegalArgumentException("kind must be error, timeout, delay or drop-reports");
  }

  private static Channel channel(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "whatsapp" -> Channel.WHATSAPP;
      case "sms" -> Channel.SMS;
      case "voice" -> Channel.VOICE;
      case "email" -> Channel.EMAIL;
      default -> throw new IllegalArgumentException("channel must be whatsapp, sms, voice or email");
    };
  }
}
