package org.contactability.hisconnector.domain.writeback;

import java.time.LocalDateTime;

import org.contactability.contracts.common.AppointmentStatus;

/**
 * An appointment as the HIS holds it when a command arrives.
 *
 * @param hisStatus the HIS's own status code
 * @param status    its canonical meaning; null when the mapping does not know the code
 */
public record CurrentAppointment(String id, String hisStatus, AppointmentStatus status, LocalDateTime startsAt) {
}
