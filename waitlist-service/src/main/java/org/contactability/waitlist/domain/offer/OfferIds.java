package org.contactability.waitlist.domain.offer;

import java.util.Optional;

/**
 * Offer ids carry their slot: {@code <slot id>#<n>}. An answer, a delivery status or a booking
 * result that names an offer can thus be routed to its slot (one partition, one processor) without
 * any lookup.
 */
public final class OfferIds {

  private static final char SEPARATOR = '#';

  private OfferIds() {
  }

  public static String of(String slotId, int number) {
    return slotId + SEPARATOR + number;
  }

  /** The slot of {@code offerId}; empty when it is not an offer id. */
  public static Optional<String> slotOf(String offerId) {
    if (offerId == null) {
      return Optional.empty();
    }
    int at = offerId.lastIndexOf(SEPARATOR);
    if (at < 1 || at == offerId.length() - 1) {
      return Optional.empty();
    }
    for (int i = at + 1; i < offerId.length(); i++) {
      if (!Character.isDigit(offerId.charAt(i))) {
        return Optional.empty();
      }
    }
    return Optional.of(offerId.substring(0, at));
  }
}
