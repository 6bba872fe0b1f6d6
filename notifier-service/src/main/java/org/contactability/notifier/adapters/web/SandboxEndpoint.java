package org.contactability.notifier.adapters.web;

import java.util.Optional;

import org.contactability.notifier.adapters.sandbox.SandboxInbox;
import org.contactability.notifier.domain.Recipients;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/sandbox/messages?to=<E.164 or e-mail>}: what a sandbox phone or mailbox received,
 * oldest first, as JSON. Only registered when a channel uses the sandbox provider.
 */
public final class SandboxEndpoint {

  private final SandboxInbox inbox;
  private final Recipients recipients;

  public SandboxEndpoint(SandboxInbox inbox, Recipients recipients) {
    this.inbox = inbox;
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
    return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(inbox.of(address.get()));
  }
}
