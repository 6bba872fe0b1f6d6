package org.contactability.response.domain;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * What the rules need to know about an appointment, from the appointments view.
 *
 * @param status        status in the HIS
 * @param startsAtLocal the hospital's wall-clock start: an answer about another time is about a former booking
 * @param startsAt      start as an instant
 * @param confirmUntil  last instant to confirm (policy); null means until the start
 * @param cancelUntil   last instant to cancel (policy); null means until the start
 */
public record AppointmentFacts(HisStatus status, LocalDateTime startsAtLocal, Instant startsAt, Instant confirmUntil,
    Instant cancelUntil) {

  public AppointmentFacts {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startsAtLocal, "startsAtLocal");
    Objects.requireNonNull(startsAt, "startsAt");
  }

  public Instant confirmDeadline() {
    return confirmUntil == null ? startsAt : confirmUntil;
  }

  public Instant cancelDeadline() {
    return cancelUntil == null ? startsAt : cancelUntil;
  }

  /** Status of an appointment as the HIS records it. */
  public enum HisStatus {
    BOOKED, CONFIRMED, CANCELLED_BY_PATIENT, CANCELLED_BY_HOSPITAL, ATTENDED, NO_SHOW, UNKNOWN
  }
}
