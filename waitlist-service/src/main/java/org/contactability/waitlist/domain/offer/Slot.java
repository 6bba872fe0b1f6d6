package org.contactability.waitlist.domain.offer;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * A slot freed by a patient's cancellation, as the cancelled appointment described it. Its id is
 * the cancelled appointment's id: one slot per appointment, however often the cancellation is reported.
 *
 * @param freedByPatientId the patient who gave it up (never offered their own slot back)
 * @param details          what messages about the slot say (names, place, hospital)
 */
public record Slot(
    String slotId,
    String hospitalCode,
    String siteId,
    String professionalId,
    String specialty,
    String appointmentType,
    Instant startsAt,
    LocalDateTime startsAtLocal,
    int durationMinutes,
    String freedByPatientId,
    SlotDetails details) {

  public Slot {
    Objects.requireNonNull(slotId, "slotId");
    Objects.requireNonNull(hospitalCode, "hospitalCode");
    Objects.requireNonNull(specialty, "specialty");
    Objects.requireNonNull(startsAt, "startsAt");
    Objects.requireNonNull(startsAtLocal, "startsAtLocal");
  }
}
