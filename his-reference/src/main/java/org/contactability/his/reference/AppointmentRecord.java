package org.contactability.his.reference;

import java.time.Instant;
import java.time.LocalDateTime;

/** An appointment's current row in {@code his.cita}. */
public record AppointmentRecord(
    long id,
    long patientId,
    long professionalId,
    long siteId,
    String specialty,
    LocalDateTime startsAt,
    int durationMinutes,
    TipoPrestacion type,
    EstadoCita status,
    String cancellationReason,
    Long waitlistEntryId,
    Instant createdAt,
    Instant updatedAt) {
}
