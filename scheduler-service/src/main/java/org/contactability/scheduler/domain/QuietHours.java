package org.contactability.scheduler.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Hours of the hospital's local day in which no message is sent, [from, to), possibly across
 * midnight (21:00 to 08:00). A message that would fall inside moves as {@link #move} says, unless
 * that leaves its useful window; then the other way; if neither fits, it is not sent.
 */
public record QuietHours(LocalTime from, LocalTime to, QuietMove move) {

  /** A message advanced out of quiet hours goes at least this long before they begin. */
  private static final Duration MIN_LEAD = Duration.ofMinutes(1);

  public QuietHours {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(move, "move");
    if (from.equals(to)) {
      throw new IllegalArgumentException("quiet hours need different start and end times, got " + from + " twice");
    }
  }

  public boolean contains(Instant instant, ZoneId zone) {
    return contains(LocalTime.ofInstant(instant, zone));
  }

  boolean contains(LocalTime time) {
    if (from.isBefore(to)) {
      return !time.isBefore(from) && time.isBefore(to);
    }
    return !time.isBefore(from) || time.isBefore(to);
  }

  /**
   * Where a message due at {@code due} goes: {@code due} itself when outside quiet hours, else the
   * end of the quiet period or {@code lead} before its start, the first one inside [{@code earliest},
   * {@code latest}). The lead is the policy's late grace: a message advanced to the evening before
   * and sent up to that late (a restart, a paced burst) still goes before the quiet hours begin.
   */
  public Optional<Instant> place(Instant due, Instant earliest, Instant latest, ZoneId zone, Duration lead) {
    if (!contains(due, zone)) {
      return Optional.of(due);
    }
    LocalDateTime local = LocalDateTime.ofInstant(due, zone);
    LocalDate day = local.toLocalDate();
    boolean acrossMidnight = !from.isBefore(to);
    boolean afterStart = !local.toLocalTime().isBefore(from);
    // The quiet period holding 'due' began on startDay at 'from' and ends on endDay at 'to'.
    LocalDate startDay = acrossMidnight && !afterStart ? day.minusDays(1) : day;
    LocalDate endDay = acrossMidnight && afterStart ? day.plusDays(1) : day;
    Instant deferred = resolve(endDay.atTime(to), zone);
    Duration margin = lead.compareTo(MIN_LEAD) < 0 ? MIN_LEAD : lead;
    Instant advanced = resolve(startDay.atTime(from), zone).minus(margin);
    List<Instant> order = move == QuietMove.DEFER ? List.of(deferred, advanced) : List.of(advanced, deferred);
    return order.stream()
        .filter(candidate -> !candidate.isBefore(earliest) && candidate.isBefore(latest))
        .findFirst();
  }

  /** The next instant after {@code now} at which quiet hours begin. */
  public Instant nextStart(Instant now, ZoneId zone) {
    LocalDate day = LocalDate.ofInstant(now, zone);
    Instant start = resolve(day.atTime(from), zone);
    return start.isAfter(now) ? start : resolve(day.plusDays(1).atTime(from), zone);
  }

  private static Instant resolve(LocalDateTime local, ZoneId zone) {
    return ZonedDateTime.ofLocal(local, zone, null).toInstant();
  }
}
