package org.contactability.console.domain;

import java.time.Instant;
import java.time.LocalDateTime;

/**
 * What the console knows of an appointment, for the head of its timeline. Patient data is masked:
 * initials and the last digits of the RUT; {@code patientId} is the HIS's id of the patient (which erasure takes).
 */
public record AppointmentSummary(String appointmentId, String hospitalCode, String siteId, String siteName,
    String specialty, String professional, LocalDateTime startsAtLocal, HisStatus status, String patientId,
    String patient, String rut, String policyId, Instant confirmUntil, Instant cancelUntil, boolean deleted) {
}
