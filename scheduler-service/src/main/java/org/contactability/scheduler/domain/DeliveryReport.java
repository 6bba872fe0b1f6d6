package org.contactability.scheduler.domain;

import java.time.Instant;

import org.contactability.contracts.contact.DeliveryStatus;

/** A delivery status of one request, as the notifier reported it on contact.status. */
public record DeliveryReport(String requestId, DeliveryStatus status, boolean permanent, Instant occurredAt) {
}
