package org.contactability.waitlist.adapters.kafka;

import org.contactability.waitlist.domain.offer.Slot;
import org.contactability.waitlist.domain.offer.SlotInput;

/** What reaches a slot's processor, already keyed by slot id. */
sealed interface SlotCommand {

  /** A patient's cancellation freed this slot (possibly reported again). */
  record Open(Slot slot) implements SlotCommand {
  }

  /** An answer, a delivery failure or a booking result about one of the slot's offers. */
  record Apply(SlotInput input) implements SlotCommand {
  }
}
