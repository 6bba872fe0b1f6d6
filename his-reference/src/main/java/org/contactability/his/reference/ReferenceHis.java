package org.contactability.his.reference;

import static org.contactability.his.reference.Require.text;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * What a hospital clerk does in the reference HIS, over JDBC: register patients, professionals,
 * sites and waiting-list entries; book, move, confirm, cancel, close and delete appointments.
 * Tests and the demo drive the platform through it.
 *
 * <p>Each method is one transaction and stamps {@code actualizada_en}/{@code actualizado_en} (and
 * the creation time of new rows) from the clock. Missing rows raise {@link NoSuchElementException},
 * a change the row's state does not allow raises {@link IllegalStateException}, a slot already
 * taken raises {@link SlotTakenException}; other database failures raise
 * {@link ReferenceHisException}. No message carries patient data.
 */
public final class ReferenceHis {

  private final DataSource dataSource;
  private final Clock clock;

  public ReferenceHis(DataSource dataSource, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Whether the HIS holds no site, patient, professional, waiting-list entry or appointment. */
  public boolean isEmpty() {
    return inTransaction(connection -> !HisRows.holdsAnyRow(connection));
  }

  public long addSite(NewSite site) {
    return inTransaction(connection -> HisRows.insertSite(connection, site));
  }

  public long addPatient(NewPatient patient) {
    return inTransaction(connection -> HisRows.insertPatient(connection, patient, clock.instant()));
  }

  /** Replaces the patient's mobile phone and e-mail, as a clerk retypes them (either may be null). */
  public void updatePatientContact(long patientId, String mobilePhone, String email) {
    inTransaction(connection -> {
      int changed = HisRows.execute(connection,
          "UPDATE his.paciente SET telefono_movil = ?, email = ?, actualizado_en = ? WHERE id = ?",
          mobilePhone, email, HisRows.utc(clock.instant()), patientId);
      requireFound(changed, "paciente", patientId);
      return null;
    });
  }

  public long addProfessional(NewProfessional professional) {
    return inTransaction(connection -> HisRows.insertProfessional(connection, professional));
  }

  /** Puts a patient on the waiting list, waiting ({@code EN_ESPERA}). */
  public long addWaitlistEntry(NewWaitlistEntry entry) {
    return inTransaction(connection -> HisRows.insertWaitlistEntry(
        connection, entry, EstadoListaEspera.EN_ESPERA, null, null));
  }

  /** Takes a waiting entry off the list ({@code EGRESADO}) with the reason. */
  public void dischargeWaitlistEntry(long entryId, String reason) {
    text(reason, "reason");
    inTransaction(connection -> {
      WaitlistEntryRecord entry = HisRows.findWaitlistEntry(connection, entryId, true)
          .orElseThrow(() -> notFound("lista_espera", entryId));
      if (entry.status() != EstadoListaEspera.EN_ESPERA) {
        throw new IllegalStateException("lista_espera " + entryId + " is " + entry.status()
            + "; only an entry EN_ESPERA can be discharged");
      }
      HisRows.execute(connection,
          "UPDATE his.lista_espera SET estado = 'EGRESADO', causal_egreso = ?, actualizado_en = ? WHERE id = ?",
          reason, HisRows.utc(clock.instant()), entryId);
      return null;
    });
  }

  public Optional<WaitlistEntryRecord> findWaitlistEntry(long entryId) {
    return inTransaction(connection -> HisRows.findWaitlistEntry(connection, entryId, false));
  }

  /**
   * Books an appointment ({@code AGENDADA}). When it comes from a waiting-list entry, that entry
   * must be waiting and becomes {@code CITADO} in the same transaction.
   *
   * @throws SlotTakenException when the professional already has a live appointment at that time
   */
  public long book(NewAppointment appointment) {
    return inTransaction(connection -> {
      Instant now = clock.instant();
      if (appointment.waitlistEntryId() != null) {
        long entryId = appointment.waitlistEntryId();
        WaitlistEntryRecord entry = HisRows.findWaitlistEntry(connection, entryId, true)
            .orElseThrow(() -> notFound("lista_espera", entryId));
        if (entry.status() != EstadoListaEspera.EN_ESPERA) {
          throw new IllegalStateException("lista_espera " + entryId + " is " + entry.status()
              + "; only an entry EN_ESPERA can be booked");
        }
        HisRows.execute(connection,
            "UPDATE his.lista_espera SET estado = 'CITADO', actualizado_en = ? WHERE id = ?",
            HisRows.utc(now), entryId);
      }
      return HisRows.insertAppointment(connection, appointment, EstadoCita.AGENDADA, null, now, null);
    });
  }

  /**
   * Moves a live appointment to another local time. It goes back to {@code AGENDADA}: a
   * confirmation was for the old time.
   *
   * @throws SlotTakenException when the professional already has a live appointment at the new time
   */
  public void reschedule(long appointmentId, LocalDateTime newStart) {
    Objects.requireNonNull(newStart, "newStart");
    inTransaction(connection -> {
      requireState(connection, appointmentId, EstadoCita.LIVE, "rescheduled");
      HisRows.execute(connection,
          "UPDATE his.cita SET fecha_hora = ?, estado = 'AGENDADA', actualizada_en = ? WHERE id = ?",
          newStart, HisRows.utc(clock.instant()), appointmentId);
      return null;
    });
  }

  /** The patient confirmed (e.g. by phone to the clerk). */
  public void confirm(long appointmentId) {
    changeStatus(appointmentId, Set.of(EstadoCita.AGENDADA), EstadoCita.CONFIRMADA, null);
  }

  /** The patient cancelled; the slot is free again. */
  public void cancelByPatient(long appointmentId, String reason) {
    changeStatus(appointmentId, EstadoCita.LIVE, EstadoCita.ANULADA_PACIENTE, reason);
  }

  /** The hospital cancelled (professional on leave, force majeure); the reason is required. */
  public void cancelByHospital(long appointmentId, String reason) {
    text(reason, "reason");
    changeStatus(appointmentId, EstadoCita.LIVE, EstadoCita.ANULADA_ESTABLECIMIENTO, reason);
  }

  public void markAttended(long appointmentId) {
    changeStatus(appointmentId, EstadoCita.LIVE, EstadoCita.ATENDIDA, null);
  }

  public void markNoShow(long appointmentId) {
    changeStatus(appointmentId, EstadoCita.LIVE, EstadoCita.NO_SE_PRESENTA, null);
  }

  /** Deletes the appointment row, as some HIS do instead of cancelling. */
  public void delete(long appointmentId) {
    inTransaction(connection -> {
      requireFound(HisRows.execute(connection, "DELETE FROM his.cita WHERE id = ?", appointmentId),
          "cita", appointmentId);
      return null;
    });
  }

  /** The appointment's current row, or empty when there is none. */
  public Optional<AppointmentRecord> findAppointment(long appointmentId) {
    return inTransaction(connection -> HisRows.findAppointment(connection, appointmentId, false));
  }

  private void changeStatus(long appointmentId, Set<EstadoCita> allowedFrom, EstadoCita to, String reason) {
    inTransaction(connection -> {
      requireState(connection, appointmentId, allowedFrom, "set to " + to);
      HisRows.execute(connection,
          "UPDATE his.cita SET estado = ?, motivo_anulacion = COALESCE(?, motivo_anulacion),"
              + " actualizada_en = ? WHERE id = ?",
          to.name(), reason, HisRows.utc(clock.instant()), appointmentId);
      return null;
    });
  }

  private static void requireState(Connection connection, long appointmentId, Set<EstadoCita> allowed,
      String change) throws SQLException {
    AppointmentRecord current = HisRows.findAppointment(connection, appointmentId, true)
        .orElseThrow(() -> notFound("cita", appointmentId));
    if (!allowed.contains(current.status())) {
      throw new IllegalStateException("cita " + appointmentId + " is " + current.status()
          + " and cannot be " + change + " (allowed from " + allowed + ")");
    }
  }

  private static void requireFound(int changed, String table, long id) {
    if (changed == 0) {
      throw notFound(table, id);
    }
  }

  private static NoSuchElementException notFound(String table, long id) {
    return new NoSuchElementException("no " + table + " with id " + id);
  }

  private <T> T inTransaction(Transactions.Work<T> work) {
    return Transactions.inTransaction(dataSource, work);
  }
}
