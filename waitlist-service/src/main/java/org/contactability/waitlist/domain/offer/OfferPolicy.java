package org.contactability.waitlist.domain.offer;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.contactability.waitlist.domain.candidate.ContactChannel;

/**
 * A hospital's rules for offering freed slots.
 *
 * @param strategy        sequential or parallel
 * @param parallelOffers  offers open at once under {@link OfferStrategy#PARALLEL}
 * @param offerTtl        how long a candidate has to answer (cut short by the lead time)
 * @param leadTime        a slot is only offered while at least this far ahead: patients need time to come
 * @param keepFinishedFor how long after the slot's start its record is kept (to ignore repeated cancellations)
 * @param bookingPatience how long the HIS may take to answer the winner's booking before ops are told
 * @param channels        channels offers go on, preferred first
 */
public record OfferPolicy(
    OfferStrategy strategy,
    int parallelOffers,
    Duration offerTtl,
    Duration leadTime,
    Duration keepFinishedFor,
    Duration bookingPatience,
    List<ContactChannel> channels) {

  public OfferPolicy {
    Objects.requireNonNull(strategy, "strategy");
    channels = List.copyOf(channels);
    if (parallelOffers < 1) {
      throw new IllegalArgumentException("parallelOffers must be at least 1, not " + parallelOffers);
    }
    if (offerTtl.isNegative() || offerTtl.isZero()) {
      throw new IllegalArgumentException("offerTtl must be positive, not " + offerTtl);
    }
    if (bookingPatience.isNegative() || bookingPatience.isZero()) {
      throw new IllegalArgumentException("bookingPatience must be positive, not " + bookingPatience);
    }
    if (leadTime.isNegative()) {
      throw new IllegalArgumentException("leadTime must not be negative, not " + leadTime);
    }
  }

  /** Offers open at the same time. */
  public int openOffers() {
    return strategy == OfferStrategy.SEQUENTIAL ? 1 : parallelOffers;
  }
}
