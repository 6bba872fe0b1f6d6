package org.contactability.hisconnector.application;

import java.time.Clock;
import java.time.Instant;

import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.WaitlistStatus;
import org.contactability.contracts.his.BookAppointment;
import org.contactability.contracts.his.CommandOutcome;
import org.contactability.contracts.his.HisCommand;
import org.contactability.contracts.his.HisCommandResult;
import org.contactability.contracts.his.SetAppointmentStatus;
import org.contactability.contracts.his.WithdrawWaitlistEntry;
import org.contactability.hisconnector.application.HisTransaction.ProcessedCommand;
import org.contactability.hisconnector.domain.writeback.Verdict;
import org.contactability.hisconnector.domain.writeback.WritebackRules;

/**
 * Applies a {@link HisCommand} to the HIS in one transaction together with the record of its
 * outcome in the platform's own table, so that each command id is decided once: a replay of an
 * applied command answers {@code ALREADY_APPLIED}, a replay of a refused one answers the same
 * refusal, and neither changes anything.
 */
public final class CommandWriteback {

  private final HisWriter writer;
  private final Clock clock;

  public CommandWriteback(HisWriter writer, Clock clock) {
    this.writer = writer;
    this.clock = clock;
  }

  /**
   * @throws TransientHisException when the database failed in a way that may pass: retry the command
   * @throws HisWriteException     when it failed in a way that will not
   */
  public HisCommandResult apply(HisCommand command) {
    try {
      return writer.inTransaction(tx -> tx.processed(command.getCommandId())
          .map(earlier -> replayed(command, earlier))
          .orElseGet(() -> decideAndWrite(tx, command)));
    } catch (SlotTakenException taken) {
      // The insert failed and its transaction rolled back: remember the refusal in a new one.
      return writer.inTransaction(tx -> tx.processed(command.getCommandId())
          .map(earlier -> replayed(command, earlier))
          .orElseGet(() -> record(tx, command, CommandOutcome.REFUSED, "the slot is already taken: "
              + taken.getMessage(), null, ((BookAppointment) command.getCommand()).getWaitlistEntryId())));
    }
  }

  private HisCommandResult decideAndWrite(HisTransaction tx, HisCommand command) {
    Instant now = clock.instant();
    Object body = command.getCommand();
    if (body instanceof SetAppointmentStatus set) {
      String id = set.getAppointmentId();
      Verdict verdict = WritebackRules.setStatus(id, tx.lockAppointment(id), set.getStatus(),
          set.getExpectedStartsAtLocal());
      if (verdict instanceof Verdict.Apply) {
        tx.setAppointmentStatus(id, set.getStatus(),
            set.getStatus() == AppointmentStatus.CANCELLED_BY_PATIENT ? set.getReason() : null, now);
      }
      return outcome(tx, command, verdict, id, null);
    }
    if (body instanceof BookAppointment book) {
      String entryId = book.getWaitlistEntryId();
      Verdict verdict = WritebackRules.book(entryId, tx.lockWaitlistEntry(entryId), book.getPatientId());
      String appointmentId = null;
      if (verdict instanceof Verdict.Apply) {
        appointmentId = tx.insertAppointment(new HisTransaction.NewAppointment(book.getPatientId(),
            book.getProfessionalId(), book.getSiteId(), book.getSpecialty(), book.getStartsAtLocal(),
            book.getDurationMinutes(), book.getType(), AppointmentStatus.BOOKED, entryId), now);
        tx.setWaitlistStatus(entryId, WaitlistStatus.SCHEDULED, null, now);
      }
      return outcome(tx, command, verdict, appointmentId, entryId);
    }
    if (body instanceof WithdrawWaitlistEntry withdraw) {
      String entryId = withdraw.getWaitlistEntryId();
      Verdict verdict = WritebackRules.withdraw(entryId, tx.lockWaitlistEntry(entryId));
      if (verdict instanceof Verdict.Apply) {
        tx.setWaitlistStatus(entryId, WaitlistStatus.WITHDRAWN, withdraw.getReason(), now);
      }
      return outcome(tx, command, verdict, null, entryId);
    }
    throw new HisWriteException("unknown command type " + body.getClass().getName(), null);
  }

  private HisCommandResult outcome(HisTransaction tx, HisCommand command, Verdict verdict, String appointmentId,
      String entryId) {
    if (verdict instanceof Verdict.Refuse refuse) {
      return record(tx, command, CommandOutcome.REFUSED, refuse.reason(), appointmentId, entryId);
    }
    // Apply, or AlreadyThere: the HIS holds what was asked either way.
    return record(tx, command, CommandOutcome.APPLIED, null, appointmentId, entryId);
  }

  private HisCommandResult record(HisTransaction tx, HisCommand command, CommandOutcome outcome, String reason,
      String appointmentId, String entryId) {
    ProcessedCommand processed = new ProcessedCommand(command.getCommandId(), type(command), outcome, reason,
        appointmentId, entryId, command.getIssuedBy(), clock.instant());
    tx.recordProcessed(processed);
    return result(command, processed, outcome);
  }

  private HisCommandResult replayed(HisCommand command, ProcessedCommand earlier) {
    CommandOutcome outcome = earlier.outcome() == CommandOutcome.REFUSED
        ? CommandOutcome.REFUSED : CommandOutcome.ALREADY_APPLIED;
    return result(command, new ProcessedCommand(earlier.commandId(), earlier.commandType(), earlier.outcome(),
        earlier.reason(), earlier.appointmentId(), earlier.waitlistEntryId(), earlier.issuedBy(), clock.instant()),
        outcome);
  }

  private static HisCommandResult result(HisCommand command, ProcessedCommand processed, CommandOutcome outcome) {
    return HisCommandResult.newBuilder()
        .setCommandId(command.getCommandId())
        .setCommandType(type(command))
        .setOutcome(outcome)
        .setReason(processed.reason())
        .setAppointmentId(processed.appointmentId())
        .setWaitlistEntryId(processed.waitlistEntryId())
        .setCorrelation(command.getCorrelation())
        .setProcessedAt(processed.processedAt())
        .build();
  }

  static String type(HisCommand command) {
    return command.getCommand().getClass().getSimpleName();
  }
}
