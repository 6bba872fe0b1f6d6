package org.contactability.scheduler.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A hospital's contact policy, as data: the steps, the answer deadlines, quiet hours and the
 * notices for changes seen in the HIS. Pure: every time it computes comes from its arguments.
 *
 * @param id                 e.g. "chillan-cae"; travels on the appointment view as {@code policyId}
 * @param steps              messages of the plan
 * @param timing             how deadlines ("48 h before") are counted
 * @param confirmUntil       the patient may confirm until this long before the start
 * @param cancelUntil        the patient may cancel until this long before the start
 * @param quietHours         local hours without messages; null for none
 * @param lateGrace          a step due at most this long ago when first planned is sent as if on time
 * @param fallbackGrace      after a non-permanent failure, the next channel is tried this much later
 *                           unless the message reached the patient meanwhile
 * @param retention          how long after the start a plan is kept (to see ATTENDED / NO_SHOW)
 * @param rescheduleNotice   sent at once when the HIS moves the appointment; null for none
 * @param cancellationNotice sent at once when the hospital cancels; null for none
 */
public record ContactPolicy(
    String id,
    List<PolicyStep> steps,
    Timing timing,
    Duration confirmUntil,
    Duration cancelUntil,
    QuietHours quietHours,
    Duration lateGrace,
    Duration fallbackGrace,
    Duration retention,
    Notice rescheduleNotice,
    Notice cancellationNotice) {

  public ContactPolicy {
    Objects.requireNonNull(id, "id");
    steps = List.copyOf(steps);
    Objects.requireNonNull(timing, "timing");
    confirmUntil = orZero(confirmUntil);
    cancelUntil = orZero(cancelUntil);
    lateGrace = lateGrace == null ? Duration.ofMinutes(15) : lateGrace;
    fallbackGrace = fallbackGrace == null ? Duration.ofMinutes(30) : fallbackGrace;
    retention = retention == null ? Duration.ofDays(30) : retention;
    for (Duration d : List.of(confirmUntil, cancelUntil, lateGrace, fallbackGrace, retention)) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("policy '" + id + "': durations must not be negative, got " + d);
      }
    }
    Set<String> ids = new HashSet<>();
    for (PolicyStep step : steps) {
      if (!ids.add(step.id())) {
        throw new IllegalArgumentException("policy '" + id + "' has two steps with id '" + step.id() + "'");
      }
      if (step.id().equals(PlanItems.RESCHEDULE_NOTICE) || step.id().equals(PlanItems.CANCELLATION_NOTICE)) {
        throw new IllegalArgumentException("policy '" + id + "': step id '" + step.id() + "' is reserved for notices");
      }
    }
  }

  private static Duration orZero(Duration d) {
    return d == null ? Duration.ZERO : d;
  }

  /** When {@code step} falls due for {@code appointment}, before quiet hours; AtBooking steps need {@code firstSeen}. */
  public Instant nominalDue(PolicyStep step, AppointmentFacts appointment, Instant firstSeen) {
    if (step.trigger() instanceof StepTrigger.BeforeStart before) {
      return before(appointment, before.before(), before.timing());
    }
    Instant booked = appointment.bookedAt();
    return booked == null || booked.isAfter(firstSeen) ? firstSeen : booked;
  }

  /** Last instant the patient may confirm. */
  public Instant confirmDeadline(AppointmentFacts appointment) {
    return before(appointment, confirmUntil, timing);
  }

  /** Last instant the patient may cancel. */
  public Instant cancelDeadline(AppointmentFacts appointment) {
    return before(appointment, cancelUntil, timing);
  }

  static Instant before(AppointmentFacts appointment, Duration before, Timing timing) {
    return switch (timing) {
      case ABSOLUTE -> appointment.startsAt().minus(before);
      // LocalDateTime arithmetic ignores offsets: 96 h is 4 days at the same clock time; a time that
      // falls in the spring-forward gap moves forward by the gap, an ambiguous one takes the earlier offset.
      case WALL_CLOCK -> ZonedDateTime.ofLocal(appointment.startsAtLocal().minus(before), appointment.zone(), null)
          .toInstant();
    };
  }
}
