package org.contactability.notifier.domain;

import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.FailureKind;

/**
 * Why a request is not sent, as contact.status reports it.
 *
 * @param kind      which rule refused it
 * @param status    the status reported: EXPIRED, SUPPRESSED or FAILED
 * @param failure   the kind of failure (PERMANENT: the recipient cannot be reached this way at all; TEMPORARY: not
 *                  now; TECHNICAL: our own configuration), null for SUPPRESSED, which is not a failure
 * @param reason    for operators and the status, never patient data
 * @param recipient the address the status names, or null when there is none worth naming
 */
public record Refusal(Kind kind, DeliveryStatus status, FailureKind failure, String reason, String recipient) {

  public enum Kind {
    EXPIRED, INVALID_RECIPIENT, SUPPRESSED, OVER_WHATSAPP_LIMIT,
    /** Our own configuration is missing: parked on the dead-letter topic for an operator to fix and replay. */
    NO_PROVIDER
  }

  /** What readers of contact.status before the failure field read: equal to {@code failure == PERMANENT}. */
  public boolean permanent() {
    return failure == FailureKind.PERMANENT;
  }
}
