package org.contactability.waitlist.domain.offer;

import java.util.List;

/** The result of applying an input to a slot. */
public sealed interface SlotOutcome {

  /** The slot changed; keep {@code state} and carry out {@code effects} in order. */
  record Changed(SlotState state, List<SlotEffect> effects) implements SlotOutcome {
    public Changed {
      effects = List.copyOf(effects);
    }
  }

  /** Nothing to do (a repeated or stale input); {@code why} is for the log. */
  record Unchanged(String why) implements SlotOutcome {
  }

  /** The input makes no sense for this slot (e.g. an offer it never made): dead-letter it. */
  record Rejected(String why) implements SlotOutcome {
  }

  /** The slot is finished and long past: its record may be dropped. */
  record Forgotten(String why) implements SlotOutcome {
  }
}
