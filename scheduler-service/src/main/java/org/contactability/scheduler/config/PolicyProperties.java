package org.contactability.scheduler.config;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;

import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.ContactPurpose;
import org.contactability.scheduler.domain.AfterConfirmation;
import org.contactability.scheduler.domain.QuietMove;
import org.contactability.scheduler.domain.Timing;

/**
 * A contact policy as written in YAML (see docs/scheduler-service.md, "Writing a policy").
 *
 * @param timing             ABSOLUTE (elapsed hours) or WALL_CLOCK (same clock time N days before); default WALL_CLOCK
 * @param confirmUntil       the patient may confirm until this long before the start
 * @param cancelUntil        the patient may cancel until this long before the start
 * @param quietHours         no messages between these local times
 * @param lateGrace          a step missed by less than this is sent as if on time (default 15m)
 * @param fallbackGrace      wait after a non-permanent failure before the next channel (default 30m)
 * @param retention          how long a plan is kept after the start (default 30d)
 * @param steps              the messages
 * @param rescheduleNotice   sent at once when the HIS moves the appointment
 * @param cancellationNotice sent at once when the hospital cancels
 */
public record PolicyProperties(
    Timing timing,
    Duration confirmUntil,
    Duration cancelUntil,
    QuietHoursProperties quietHours,
    Duration lateGrace,
    Duration fallbackGrace,
    Duration retention,
    List<StepProperties> steps,
    NoticeProperties rescheduleNotice,
    NoticeProperties cancellationNotice) {

  /** {@code move}: DEFER (default) to the end of quiet hours, ADVANCE to just before they begin. */
  public record QuietHoursProperties(LocalTime from, LocalTime to, QuietMove move) {
  }

  /** {@code at: BOOKED}: at booking (not "on:", which YAML 1.1 reads as the boolean true); otherwise {@code before}. */
  public enum Event {
    BOOKED
  }

  /** What a step's {@code unless} may name. */
  public enum Unless {
    REACHED
  }

  /**
   * One step: either {@code at: BOOKED} or {@code before: 96h}; {@code channel} or {@code channels}
   * (sent together); {@code fallback} tried in order after a failure; {@code answer} whether the
   * patient may confirm/cancel through it (default: true for booking-notice, reminder and
   * reschedule-notice templates); {@code purpose} defaults from the template name.
   */
  public record StepProperties(String id, Event at, Duration before, Timing timing, Channel channel,
      List<Channel> channels, List<Channel> fallback, String template, ContactPurpose purpose, Boolean answer,
      Unless unless, AfterConfirmation afterConfirmation) {
  }

  public record NoticeProperties(Channel channel, List<Channel> channels, List<Channel> fallback, String template,
      ContactPurpose purpose, Boolean answer) {
  }
}
