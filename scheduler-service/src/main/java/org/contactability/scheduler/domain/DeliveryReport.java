package org.contactability.scheduler.domain;

import java.time.Instant;

import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.FailureKind;

/**
 * A delivery status of one request, as the notifier reported it on contact.status.
 *
 * @param failure for FAILED / UNDELIVERED: the kind of failure; null when the report does not say
 *                (written before ContactStatus v4 with {@code permanent=false})
 */
public record DeliveryReport(String requestId, DeliveryStatus status, FailureKind failure, Instant occurredAt) {

  /** A report in the vocabulary before ContactStatus v4: {@code permanent} or nothing known. */
  public DeliveryReport(String requestId, DeliveryStatus status, boolean permanent, Instant occurredAt) {
    this(requestId, status, permanent ? FailureKind.PERMANENT : null, occurredAt);
  }
}
