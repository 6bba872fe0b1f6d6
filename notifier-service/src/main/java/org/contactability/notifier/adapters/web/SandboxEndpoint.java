package org.contactability.notifier.adapters.web;

import java.io.UncheckedIOException;
import java.util.Optional;

import org.contactability.notifier.adapters.sandbox.SandboxProvider;
import org.contactability.notifier.domain.Recipients;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /api/sandbox/messages?to=<E.164 or e-mail>}: what a sandbox phone or mailbox received,
 * oldest first, as JSON (502 when the shared stand-in cannot be reached). Only registered when a channel uses the sandbox provider.
 */
public final class SandboxEndpoint {

  private final SandboxProvider provider;
  private final Recipients recipients;

  public SandboxEndpoint(SandboxProvider provider, Recipients recipients) {
    this.provider = provider;
    this.recipients = recipients;
  }

  public Mono<ServerResponse> messages(ServerRequest request) {
    Optional<String> to = request.queryParam("to").filter(t -> !t.isBlank());
    if (to.isEmpty()) {
      return ServerResponse.badRequest().bodyValue("give the phone (E.164) or e-mail address as ?to=");
    }
    Optional<String> address = recipients.normaliseAddress(to.get());
    if (address.isEmpty()) {
      return ServerResponse.badRequest().bodyValue("'to' is neither a valid phone number nor an e-mail address");
    }
    // A shared stand-in is asked over HTTP: off the event loop.
    return Mono.fromCallable(() -> provider.of(address.get())).subscribeOn(Schedulers.boundedElastic())
        .flatMap(messages -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(messages))
        .onErrorResume(UncheckedIOException.class, e -> ServerResponse.status(502).bodyValue(e.getMessage()));
  }
}
