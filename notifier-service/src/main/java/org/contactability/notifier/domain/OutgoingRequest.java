package org.contactability.notifier.domain;

import java.time.Instant;
import java.util.Optional;

import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.ContactRequest;

/**
 * A request about to be sent, as the {@link SendingRules} see it: the request, what its recipient
 * check found, and the service clock's now.
 */
public record OutgoingRequest(ContactRequest request, RecipientCheck recipient, Instant now) {

  public Channel channel() {
    return request.getChannel();
  }

  /** The normalised address (E.164 or e-mail) when the recipient can be reached on the channel. */
  public Optional<String> address() {
    return recipient instanceof RecipientCheck.Valid valid ? Optional.of(valid.address()) : Optional.empty();
  }
}
