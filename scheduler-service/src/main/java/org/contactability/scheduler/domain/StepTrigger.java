package org.contactability.scheduler.domain;

import java.time.Duration;
import java.util.Objects;

/** When a policy step falls due. */
public sealed interface StepTrigger {

  /** At once when the appointment is booked (the HIS's booking time, or when the scheduler first sees it). */
  record AtBooking() implements StepTrigger {
  }

  /** A fixed time before the appointment's start, counted as {@code timing} says. */
  record BeforeStart(Duration before, Timing timing) implements StepTrigger {
    public BeforeStart {
      Objects.requireNonNull(before, "before");
      Objects.requireNonNull(timing, "timing");
      if (before.isNegative()) {
        throw new IllegalArgumentException("a step cannot fall due after the appointment's start: " + before);
      }
    }
  }
}
