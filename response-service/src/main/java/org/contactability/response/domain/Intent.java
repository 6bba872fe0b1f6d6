package org.contactability.response.domain;

import java.util.Optional;

/** What a patient means by an answer. The names are also the WhatsApp quick-reply payloads. */
public enum Intent {
  CONFIRM, CANCEL, ACCEPT_OFFER, DECLINE_OFFER, STILL_NEEDED, NOT_NEEDED, OPT_OUT, UNKNOWN;

  /** The intent a quick-reply payload names; payloads are set by us, so they must match exactly. */
  public static Optional<Intent> ofButtonPayload(String payload) {
    if (payload == null) {
      return Optional.empty();
    }
    for (Intent intent : values()) {
      if (intent.isAnswer() && intent.name().equals(payload)) {
        return Optional.of(intent);
      }
    }
    return Optional.empty();
  }

  /** One of the answers a question offers (a button), as opposed to opting out or not being understood. */
  public boolean isAnswer() {
    return this != UNKNOWN && this != OPT_OUT;
  }
}
