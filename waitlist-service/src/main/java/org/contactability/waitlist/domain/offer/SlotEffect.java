package org.contactability.waitlist.domain.offer;

/** What the outside world must be told or asked after a slot changed, in order. */
public sealed interface SlotEffect {

  /** Publish a step of the slot's life; {@code offer} is null for slot-wide steps. */
  record Announce(SlotEventKind kind, Offer offer, String reason) implements SlotEffect {
  }

  /**
   * Send the offer to its candidate (answer link valid until the offer expires); {@code resend}: again,
   * on another channel, after the last one could not deliver it.
   */
  record SendOffer(Offer offer, boolean resend) implements SlotEffect {
  }

  /** Send the candidate of {@code offer} an answer. */
  record Reply(Offer offer, ReplyKind kind) implements SlotEffect {
  }

  /** Ask the HIS to book the winner of {@code offer} into the slot. */
  record Book(Offer offer) implements SlotEffect {
  }
}
