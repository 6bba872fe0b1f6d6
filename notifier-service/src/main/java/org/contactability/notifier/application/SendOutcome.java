package org.contactability.notifier.application;

import java.util.List;

import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.FailureKind;

/** What a provider said when it was handed a message. */
public sealed interface SendOutcome {

  /**
   * @param status    usually QUEUED (Twilio) or SENT (SMTP relay accepted it)
   * @param followUps statuses already known beyond the first (the sandbox delivers at once)
   */
  record Accepted(String providerMessageId, DeliveryStatus status, List<ProviderReport> followUps)
      implements SendOutcome {

    public Accepted {
      followUps = List.copyOf(followUps);
    }
  }

  /**
   * Refused for a reason retrying cannot fix now: PERMANENT (the address cannot be reached on this channel; the
   * scheduler falls back) or TECHNICAL (our configuration: an operator must act; parked on the dead-letter topic).
   */
  record Rejected(DeliveryStatus status, String errorCode, FailureKind failure, String reason) implements SendOutcome {

    public boolean permanent() {
      return failure == FailureKind.PERMANENT;
    }
  }
}
