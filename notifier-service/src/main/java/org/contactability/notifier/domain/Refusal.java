package org.contactability.notifier.domain;

import org.contactability.contracts.contact.DeliveryStatus;

/**
 * Why a request is not sent, as contact.status reports it.
 *
 * @param kind      which rule refused it
 * @param status    the status reported: EXPIRED, SUPPRESSED or FAILED
 * @param permanent whether the recipient cannot be reached this way at all (the plan falls back at once)
 * @param reason    for operators and the status, never patient data
 * @param recipient the address the status names, or null when there is none worth naming
 */
public record Refusal(Kind kind, DeliveryStatus status, boolean permanent, String reason, String recipient) {

  public enum Kind {
    EXPIRED, INVALID_RECIPIENT, SUPPRESSED, OVER_WHATSAPP_LIMIT,
    /** Our own configuration is missing: parked on the dead-letter topic for an operator to fix and replay. */
    NO_PROVIDER
  }
}
