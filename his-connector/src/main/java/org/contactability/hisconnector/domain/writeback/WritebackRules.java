package org.contactability.hisconnector.domain.writeback;

import java.time.LocalDateTime;
import java.util.Optional;

import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.WaitlistStatus;

/**
 * When the HIS lets the platform write a patient's answer or a waiting-list outcome. The rules
 * protect what happened in the HIS since the platform decided: a hospital cancellation, a move to
 * another time, an appointment already held or an entry already given a slot are never overwritten.
 */
public final class WritebackRules {

  private WritebackRules() {
  }

  /** A patient confirms ({@code CONFIRMED}) or cancels ({@code CANCELLED_BY_PATIENT}) an appointment. */
  public static Verdict setStatus(String appointmentId, Optional<CurrentAppointment> found, AppointmentStatus target,
      LocalDateTime expectedStart) {
    if (target != AppointmentStatus.CONFIRMED && target != AppointmentStatus.CANCELLED_BY_PATIENT) {
      return refuse("status " + target + " cannot be written back; only CONFIRMED and CANCELLED_BY_PATIENT can");
    }
    if (found.isEmpty()) {
      return refuse("appointment " + appointmentId + " no longer exists in the HIS");
    }
    CurrentAppointment current = found.get();
    if (current.status() == null) {
      return refuse("appointment " + appointmentId + " has HIS status '" + current.hisStatus()
          + "', which the mapping does not know; add it to appointments.status-values");
    }
    if (current.status() == AppointmentStatus.CANCELLED_BY_HOSPITAL) {
      return refuse("appointment " + appointmentId + " was already cancelled by the hospital");
    }
    if (current.status() == AppointmentStatus.ATTENDED || current.status() == AppointmentStatus.NO_SHOW) {
      return refuse("appointment " + appointmentId + " already took place (" + current.status() + ")");
    }
    if (expectedStart != null && !expectedStart.equals(current.startsAt())) {
      return refuse("appointment " + appointmentId + " was moved to another time (the patient answered about "
          + expectedStart + ", the HIS now says " + current.startsAt() + ")");
    }
    if (current.status() == target) {
      return new Verdict.AlreadyThere();
    }
    if (target == AppointmentStatus.CONFIRMED && current.status() == AppointmentStatus.CANCELLED_BY_PATIENT) {
      return refuse("appointment " + appointmentId + " was already cancelled by the patient and cannot be confirmed");
    }
    return new Verdict.Apply();
  }

  /** A waiting-list patient is booked into a freed slot from their entry. */
  public static Verdict book(String entryId, Optional<CurrentWaitlistEntry> found, String patientId) {
    if (found.isEmpty()) {
      return refuse("waiting-list entry " + entryId + " no longer exists in the HIS");
    }
    CurrentWaitlistEntry entry = found.get();
    if (!entry.patientId().equals(patientId)) {
      return refuse("waiting-list entry " + entryId + " belongs to another patient than the command names");
    }
    return waiting(entry);
  }

  /** A waiting-list entry leaves the list (the patient no longer needs the care). */
  public static Verdict withdraw(String entryId, Optional<CurrentWaitlistEntry> found) {
    if (found.isEmpty()) {
      return refuse("waiting-list entry " + entryId + " no longer exists in the HIS");
    }
    return waiting(found.get());
  }

  private static Verdict waiting(CurrentWaitlistEntry entry) {
    if (entry.status() == WaitlistStatus.WAITING) {
      return new Verdict.Apply();
    }
    String now = entry.status() == null || entry.status() == WaitlistStatus.UNKNOWN
        ? "has HIS status '" + entry.hisStatus() + "'"
        : entry.status() == WaitlistStatus.SCHEDULED ? "was already given an appointment" : "was already withdrawn";
    return refuse("waiting-list entry " + entry.id() + " no longer waits: it " + now);
  }

  private static Verdict refuse(String reason) {
    return new Verdict.Refuse(reason);
  }
}
