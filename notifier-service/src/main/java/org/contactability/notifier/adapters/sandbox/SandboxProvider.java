package org.contactability.notifier.adapters.sandbox;

import java.util.List;
import java.util.Optional;

/**
 * The sandbox's provider side: what it received, idempotent by request id. Held in this process ({@link SandboxInbox},
 * the embedded platform's and compose's), or by one stand-in that several notifier instances share over HTTP
 * ({@link SandboxClient} of a {@link SandboxServer}), as a hospital's notifiers share one Twilio. A stand-in that
 * cannot be reached throws {@link java.io.UncheckedIOException}.
 */
public interface SandboxProvider {

  /**
   * Receives {@code message}, unless its request was received before.
   *
   * @return the message as the provider holds it: {@code message}, or the one received earlier for its request
   */
  SandboxMessage deliver(SandboxMessage message);

  /** The message received for {@code requestId}, if any. */
  Optional<SandboxMessage> ofRequest(String requestId);

  /** What the phone or mailbox {@code address} received, oldest first. */
  List<SandboxMessage> of(String address);
}
