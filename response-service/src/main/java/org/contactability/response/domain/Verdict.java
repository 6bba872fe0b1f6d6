package org.contactability.response.domain;

import java.time.Instant;
import java.time.LocalDateTime;

import org.contactability.response.domain.AnswerState.Standing;

/** How the rules judged one answer about an appointment. */
public sealed interface Verdict {

  /** Confirmed within the confirm deadline. */
  record Confirmed() implements Verdict {
  }

  /** Cancelled within the cancel deadline (confirmed or not before). */
  record Cancelled() implements Verdict {
  }

  /** The same as the decision already standing: nothing changes. */
  record Repeated(Standing standing) implements Verdict {
  }

  /** After the deadline that applies to this answer. */
  record TooLate(Instant deadline) implements Verdict {
  }

  /** A confirmation (or any answer, when the hospital cancelled) for a cancelled appointment. */
  record AlreadyCancelled(boolean byHospital) implements Verdict {
  }

  /** The question named a time the appointment no longer has: it was rescheduled since. */
  record AboutFormerTime(LocalDateTime askedAbout, LocalDateTime startsAtLocal) implements Verdict {
  }

  /** The very same answer again (a redelivery): judged already, ignored. */
  record Redelivered() implements Verdict {
  }
}
