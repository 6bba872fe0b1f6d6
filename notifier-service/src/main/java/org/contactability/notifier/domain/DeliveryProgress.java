package org.contactability.notifier.domain;

import org.contactability.contracts.contact.DeliveryStatus;

/**
 * Which delivery status may follow which. Provider callbacks arrive late, twice or out of order
 * (a "sent" after a "delivered"); only a status that moves a message forward is published, so that
 * consumers of contact.status see each message's life once and in order.
 */
public final class DeliveryProgress {

  private DeliveryProgress() {
  }

  /** Whether {@code next} moves a message whose latest status is {@code current} (null: none yet) forward. */
  public static boolean advances(DeliveryStatus current, DeliveryStatus next) {
    if (next == null || next == DeliveryStatus.OTHER) {
      return false;
    }
    if (current == null) {
      return true;
    }
    return switch (current) {
      case SENDING -> next != DeliveryStatus.SENDING;
      case QUEUED -> rank(next) > rank(current) || isFailure(next);
      case SENT -> rank(next) > rank(current) || isFailure(next);
      case DELIVERED -> next == DeliveryStatus.READ;
      // Carriers sometimes confirm delivery after reporting it undelivered: the patient did get it.
      case UNDELIVERED -> next == DeliveryStatus.DELIVERED || next == DeliveryStatus.READ;
      case READ, FAILED, SUPPRESSED, EXPIRED, SKIPPED -> false;
      case OTHER -> true;
    };
  }

  /** Statuses after which nothing further is expected from the notifier or the provider. */
  public static boolean isFinal(DeliveryStatus status) {
    return switch (status) {
      case READ, FAILED, UNDELIVERED, SUPPRESSED, EXPIRED, SKIPPED -> true;
      case SENDING, QUEUED, SENT, DELIVERED, OTHER -> false;
    };
  }

  /** Whether the provider took the message: queued, sent, delivered or read. */
  public static boolean takenByProvider(DeliveryStatus status) {
    return rank(status) >= rank(DeliveryStatus.QUEUED);
  }

  private static boolean isFailure(DeliveryStatus status) {
    return status == DeliveryStatus.FAILED || status == DeliveryStatus.UNDELIVERED;
  }

  private static int rank(DeliveryStatus status) {
    return switch (status) {
      case SENDING -> 0;
      case QUEUED -> 1;
      case SENT -> 2;
      case DELIVERED -> 3;
      case READ -> 4;
      default -> -1;
    };
  }
}
