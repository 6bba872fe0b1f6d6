package org.contactability.his.reference;

import static org.contactability.his.reference.Require.text;

import java.time.LocalDateTime;
import java.util.Objects;

/**
 * An appointment to book ({@code his.cita}). {@code startsAt} is the hospital's local wall-clock
 * time; {@code waitlistEntryId}, when set, is the entry the patient is booked from.
 */
public record NewAppointment(
    long patientId,
    long professionalId,
    long siteId,
    String specialty,
    LocalDateTime startsAt,
    int durationMinutes,
    TipoPrestacion type,
    Long waitlistEntryId) {

  public static final int DEFAULT_DURATION_MINUTES = 20;

  public NewAppointment {
    text(specialty, "specialty");
    Objects.requireNonNull(startsAt, "startsAt");
    Objects.requireNonNull(type, "type");
    if (durationMinutes <= 0) {
      throw new IllegalArgumentException("durationMinutes must be positive");
    }
  }
}
