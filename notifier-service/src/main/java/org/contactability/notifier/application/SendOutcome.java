package org.contactability.notifier.application;

import java.util.List;

import org.contactability.contracts.contact.DeliveryStatus;

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

  /** Refused for a reason retrying cannot fix now; {@code permanent} tells the scheduler to fall back. */
  record Rejected(DeliveryStatus status, String errorCode, boolean permanent, String reason) implements SendOutcome {
  }
}
