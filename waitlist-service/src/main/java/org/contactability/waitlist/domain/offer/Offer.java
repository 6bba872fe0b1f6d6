package org.contactability.waitlist.domain.offer;

import java.time.Instant;

import org.contactability.waitlist.domain.candidate.Recipient;

/**
 * One offer of a slot to one waiting-list entry.
 *
 * @param offerId          {@code <slot id>#<n>} (see {@link OfferIds}), so that answers find their slot
 * @param lateAcceptance   an acceptance arrived after the offer closed and was answered "ya fue asignada"
 */
public record Offer(
    String offerId,
    String entryId,
    String patientId,
    Recipient recipient,
    Instant offeredAt,
    Instant expiresAt,
    OfferStatus status,
    boolean lateAcceptance) {

  Offer with(OfferStatus newStatus) {
    return new Offer(offerId, entryId, patientId, recipient, offeredAt, expiresAt, newStatus, lateAcceptance);
  }

  /** The same offer (id, expiry) sent to the same patient on another channel. */
  Offer on(Recipient other) {
    return new Offer(offerId, entryId, patientId, other, offeredAt, expiresAt, status, lateAcceptance);
  }

  Offer withLateAcceptance() {
    return new Offer(offerId, entryId, patientId, recipient, offeredAt, expiresAt, status, true);
  }
}
