package org.contactability.hisconnector.application;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Optional;

import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.AppointmentType;
import org.contactability.contracts.common.WaitlistStatus;
import org.contactability.contracts.his.CommandOutcome;
import org.contactability.hisconnector.domain.writeback.CurrentAppointment;
import org.contactability.hisconnector.domain.writeback.CurrentWaitlistEntry;

/**
 * What the writeback does inside one HIS database transaction. Rows read with {@code lock...} stay
 * locked until the transaction ends, so that nothing changes between the check and the write.
 */
public interface HisTransaction {

  /** The outcome recorded for a command id, if it was processed before. */
  Optional<ProcessedCommand> processed(String commandId);

  void recordProcessed(ProcessedCommand command);

  Optional<CurrentAppointment> lockAppointment(String appointmentId);

  void setAppointmentStatus(String appointmentId, AppointmentStatus status, String cancellationReason, Instant now);

  Optional<CurrentWaitlistEntry> lockWaitlistEntry(String entryId);

  void setWaitlistStatus(String entryId, WaitlistStatus status, String withdrawalReason, Instant now);

  /**
   * Inserts a booked appointment and returns its id.
   *
   * @throws SlotTakenException when the HIS already has a live appointment in that slot
   */
  String insertAppointment(NewAppointment appointment, Instant now);

  /** An appointment to insert, in canonical terms. */
  record NewAppointment(String patientId, String professionalId, String siteId, String specialty,
      LocalDateTime startsAt, int durationMinutes, AppointmentType type, AppointmentStatus status,
      String waitlistEntryId) {
  }

  /** A command as the platform's own table in the HIS database remembers it. */
  record ProcessedCommand(String commandId, String commandType, CommandOutcome outcome, String reason,
      String appointmentId, String waitlistEntryId, String issuedBy, Instant processedAt) {
  }
}
