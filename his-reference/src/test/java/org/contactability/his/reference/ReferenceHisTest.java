package org.contactability.his.reference;

import org.contactability.testkit.SharedPostgres;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.contactability.his.reference.ReferenceHisSchemaTest.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.contactability.common.Rut;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

class ReferenceHisTest {

  private static final Instant NOW = Instant.parse("2026-05-01T13:00:00Z");
  private static final LocalDateTime MAY_6_AT_10 = LocalDateTime.of(2026, 5, 6, 10, 0);
  private static final AtomicInteger RUT_NUMBERS = new AtomicInteger(15_000_000);

  private static DataSource database;
  private final ReferenceHis his = new ReferenceHis(database, Clock.fixed(NOW, ZoneOffset.UTC));

  private long siteId;
  private long doctorId;
  private long otherDoctorId;
  private long patientId;
  private long otherPatientId;

  @BeforeAll
  static void createDatabase() {
    database = SharedPostgres.newDatabase().dataSource();
    ReferenceHisSchema.migrate(database);
  }

  @BeforeEach
  void registerPeople() {
    siteId = his.addSite(new NewSite("HCHM", "Centro " + RUT_NUMBERS.incrementAndGet(),
        "Av. Francisco Ramírez 10", "Chillán"));
    doctorId = his.addProfessional(new NewProfessional(nextRut(), "Dra.", "Juanita", "Pérez", "Mellado",
        "Medicina Interna"));
    otherDoctorId = his.addProfessional(new NewProfessional(null, "Dr.", "Carlos", "Fuentealba", null,
        "Medicina Interna"));
    patientId = his.addPatient(patient(nextRut(), "+56 9 1234 5678"));
    otherPatientId = his.addPatient(patient(nextRut(), "912345678"));
  }

  @Test
  void registersAPatientWithTheRutNormalisedAndThePhoneAsTyped() throws SQLException {
    Rut rut = Rut.parse("9.876.543-3");

    long id = his.addPatient(new NewPatient(rut, "María Angélica", "Fuentes", "Rojas",
        LocalDate.of(1961, 3, 14), " 09-8765432 ", null));

    assertThat(query(database, "SELECT rut || '|' || nombres || '|' || apellido_materno || '|' || fecha_nacimiento"
        + " || '|' || telefono_movil || '|' || coalesce(email, '-') || '|' || creado_en AT TIME ZONE 'UTC'"
        + " || '|' || coalesce(actualizado_en::text, '-') FROM his.paciente WHERE id = " + id))
        .containsExactly("9876543-3|María Angélica|Rojas|1961-03-14| 09-8765432 |-|2026-05-01 13:00:00|-");
  }

  @Test
  void refusesASecondPatientWithTheSameRutWithoutRepeatingIt() {
    Rut rut = nextRut();
    his.addPatient(patient(rut, null));

    assertThatThrownBy(() -> his.addPatient(patient(rut, null)))
        .isInstanceOf(ReferenceHisException.class)
        .isNotInstanceOf(SlotTakenException.class)
        .hasMessageContaining("paciente_rut_uk")
        .hasMessageNotContaining(Integer.toString(rut.number()))
        .hasNoCause()
        .satisfies(failure -> assertThat(((ReferenceHisException) failure).constraint())
            .contains("paciente_rut_uk"));
  }

  @Test
  void updatesAPatientsContactAndStampsTheChange() throws SQLException {
    his.updatePatientContact(patientId, "+56987654321", "juan.soto@example.com");

    assertThat(query(database, "SELECT telefono_movil || '|' || email || '|' || actualizado_en AT TIME ZONE 'UTC'"
        + " FROM his.paciente WHERE id = " + patientId))
        .containsExactly("+56987654321|juan.soto@example.com|2026-05-01 13:00:00");
    assertThatThrownBy(() -> his.updatePatientContact(-1, null, null)).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void registersSitesAndProfessionals() throws SQLException {
    assertThat(query(database, "SELECT codigo_establecimiento || '|' || direccion || '|' || comuna"
        + " FROM his.sede WHERE id = " + siteId))
        .containsExactly("HCHM|Av. Francisco Ramírez 10|Chillán");
    assertThat(query(database, "SELECT titulo || ' ' || nombres || ' ' || apellido_paterno || ' '"
        + " || apellido_materno || '|' || especialidad FROM his.profesional WHERE id = " + doctorId))
        .containsExactly("Dra. Juanita Pérez Mellado|Medicina Interna");
    assertThat(query(database, "SELECT coalesce(rut, 'none') FROM his.profesional WHERE id = " + otherDoctorId))
        .containsExactly("none");
  }

  @Test
  void booksAnAppointmentAtTheLocalWallClockTime() throws SQLException {
    long id = his.book(appointment(doctorId, patientId, MAY_6_AT_10));

    AppointmentRecord row = his.findAppointment(id).orElseThrow();
    assertThat(row.status()).isEqualTo(EstadoCita.AGENDADA);
    assertThat(row.startsAt()).isEqualTo(MAY_6_AT_10);
    assertThat(row.durationMinutes()).isEqualTo(20);
    assertThat(row.type()).isEqualTo(TipoPrestacion.CONSULTA_NUEVA);
    assertThat(row.createdAt()).isEqualTo(NOW);
    assertThat(row.updatedAt()).isNull();
    assertThat(row.waitlistEntryId()).isNull();
    // Stored as the wall-clock time given, without any zone conversion.
    assertThat(query(database, "SELECT fecha_hora::text FROM his.cita WHERE id = " + id))
        .containsExactly("2026-05-06 10:00:00");
  }

  @Test
  void theDoubleBookingIndexRefusesASecondLiveAppointmentOfAProfessionalAtTheSameTime() throws SQLException {
    insertRaw(doctorId, patientId, MAY_6_AT_10, "CONFIRMADA");

    assertThatThrownBy(() -> insertRaw(doctorId, otherPatientId, MAY_6_AT_10, "AGENDADA"))
        .isInstanceOfSatisfying(PSQLException.class, failure -> {
          assertThat(failure.getSQLState()).isEqualTo("23505");
          assertThat(failure.getServerErrorMessage().getConstraint())
              .isEqualTo("cita_profesional_hora_vigente_uk");
        });
  }

  @Test
  void theDoubleBookingIndexIgnoresClosedAppointmentsAndOtherProfessionals() throws SQLException {
    for (String closed : new String[] {"ANULADA_PACIENTE", "ANULADA_ESTABLECIMIENTO", "ATENDIDA", "NO_SE_PRESENTA"}) {
      insertRaw(doctorId, patientId, MAY_6_AT_10, closed);
    }
    insertRaw(doctorId, patientId, MAY_6_AT_10, "AGENDADA");
    insertRaw(otherDoctorId, otherPatientId, MAY_6_AT_10, "AGENDADA");

    assertThat(query(database, "SELECT count(*) FROM his.cita WHERE fecha_hora = '2026-05-06 10:00'"
        + " AND profesional_id IN (" + doctorId + ", " + otherDoctorId + ")"))
        .containsExactly("6");
  }

  @Test
  void bookingATakenSlotIsRefusedAsSlotTaken() {
    his.book(appointment(doctorId, patientId, MAY_6_AT_10));

    assertThatThrownBy(() -> his.book(appointment(doctorId, otherPatientId, MAY_6_AT_10)))
        .isInstanceOf(SlotTakenException.class)
        .hasMessageContaining("cita_profesional_hora_vigente_uk");
  }

  @Test
  void aSlotFreedByTheHospitalCanBeBookedAgain() {
    long first = his.book(appointment(doctorId, patientId, MAY_6_AT_10));
    his.cancelByHospital(first, "Profesional con licencia médica");

    long second = his.book(appointment(doctorId, otherPatientId, MAY_6_AT_10));

    assertThat(his.findAppointment(second).orElseThrow().status()).isEqualTo(EstadoCita.AGENDADA);
  }

  @Test
  void reschedulesToAnotherTimeAndAsksForANewConfirmation() {
    long id = his.book(appointment(doctorId, patientId, MAY_6_AT_10));
    his.confirm(id);

    his.reschedule(id, MAY_6_AT_10.plusDays(1).withHour(11).withMinute(20));

    AppointmentRecord row = his.findAppointment(id).orElseThrow();
    assertThat(row.startsAt()).isEqualTo(LocalDateTime.of(2026, 5, 7, 11, 20));
    assertThat(row.status()).isEqualTo(EstadoCita.AGENDADA);
    assertThat(row.updatedAt()).isEqualTo(NOW);
  }

  @Test
  void reschedulingOntoATakenSlotIsRefusedAndChangesNothing() {
    his.book(appointment(doctorId, otherPatientId, MAY_6_AT_10));
    LocalDateTime earlier = MAY_6_AT_10.minusMinutes(20);
    long id = his.book(appointment(doctorId, patientId, earlier));

    assertThatThrownBy(() -> his.reschedule(id, MAY_6_AT_10)).isInstanceOf(SlotTakenException.class);

    assertThat(his.findAppointment(id).orElseThrow().startsAt()).isEqualTo(earlier);
  }

  @Test
  void confirmsAnAppointment() {
    long id = his.book(appointment(doctorId, patientId, MAY_6_AT_10));

    his.confirm(id);

    AppointmentRecord row = his.findAppointment(id).orElseThrow();
    assertThat(row.status()).isEqualTo(EstadoCita.CONFIRMADA);
    assertThat(row.updatedAt()).isEqualTo(NOW);
  }

  @Test
  void cancelsAtThePatientsRequest() {
    long id = his.book(appointment(doctorId, patientId, MAY_6_AT_10));

    his.cancelByPatient(id, "Paciente avisa por teléfono");

    AppointmentRecord row = his.findAppointment(id).orElseThrow();
    assertThat(row.status()).isEqualTo(EstadoCita.ANULADA_PACIENTE);
    assertThat(row.cancellationReason()).isEqualTo("Paciente avisa por teléfono");
  }

  @Test
  void cancelsByTheHospitalWithAReason() {
    long id = his.book(appointment(doctorId, patientId, MAY_6_AT_10));
    his.confirm(id);

    his.cancelByHospital(id, "Profesional con licencia médica");

    AppointmentRecord row = his.findAppointment(id).orElseThrow();
    assertThat(row.status()).isEqualTo(EstadoCita.ANULADA_ESTABLECIMIENTO);
    assertThat(row.cancellationReason()).isEqualTo("Profesional con licencia médica");
    assertThat(row.updatedAt()).isEqualTo(NOW);
    assertThatThrownBy(() -> his.cancelByHospital(id, " ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void marksAttendedAndNoShow() {
    long attended = his.book(appointment(doctorId, patientId, MAY_6_AT_10));
    long missed = his.book(appointment(otherDoctorId, otherPatientId, MAY_6_AT_10));
    his.confirm(missed);

    his.markAttended(attended);
    his.markNoShow(missed);

    assertThat(his.findAppointment(attended).orElseThrow().status()).isEqualTo(EstadoCita.ATENDIDA);
    assertThat(his.findAppointment(missed).orElseThrow().status()).isEqualTo(EstadoCita.NO_SE_PRESENTA);
    assertThat(his.findAppointment(missed).orElseThrow().updatedAt()).isEqualTo(NOW);
  }

  @Test
  void refusesChangesTheAppointmentsStateDoesNotAllow() {
    long id = his.book(appointment(doctorId, patientId, MAY_6_AT_10));
    his.cancelByPatient(id, null);

    assertThatThrownBy(() -> his.confirm(id))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ANULADA_PACIENTE");
    assertThatThrownBy(() -> his.markAttended(id)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> his.reschedule(id, MAY_6_AT_10.plusHours(1)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> his.cancelByHospital(id, "Licencia")).isInstanceOf(IllegalStateException.class);
    assertThat(his.findAppointment(id).orElseThrow().status()).isEqualTo(EstadoCita.ANULADA_PACIENTE);
  }

  @Test
  void deletesAnAppointment() {
    long id = his.book(appointment(doctorId, patientId, MAY_6_AT_10));

    his.delete(id);

    assertThat(his.findAppointment(id)).isEmpty();
    assertThatThrownBy(() -> his.delete(id)).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void operationsOnAMissingAppointmentSayItIsMissing() {
    assertThat(his.findAppointment(Long.MAX_VALUE)).isEmpty();
    assertThatThrownBy(() -> his.confirm(Long.MAX_VALUE))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessage("no cita with id " + Long.MAX_VALUE);
    assertThatThrownBy(() -> his.reschedule(Long.MAX_VALUE, MAY_6_AT_10)).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void putsAPatientOnTheWaitingList() {
    long id = his.addWaitlistEntry(new NewWaitlistEntry(patientId, "HCHM", "Medicina Interna",
        TipoPrestacion.CONSULTA_NUEVA, null, siteId, true, LocalDate.of(2026, 6, 1), 2,
        LocalDate.of(2025, 11, 3)));

    WaitlistEntryRecord entry = his.findWaitlistEntry(id).orElseThrow();
    assertThat(entry).isEqualTo(new WaitlistEntryRecord(id, patientId, "HCHM", "Medicina Interna",
        TipoPrestacion.CONSULTA_NUEVA, null, siteId, true, LocalDate.of(2026, 6, 1), 2,
        LocalDate.of(2025, 11, 3), EstadoListaEspera.EN_ESPERA, null, null));
  }

  @Test
  void bookingFromTheWaitingListMarksTheEntryScheduledOnce() throws SQLException {
    long entryId = his.addWaitlistEntry(waitingFor(patientId));

    long appointmentId = his.book(new NewAppointment(patientId, doctorId, siteId, "Medicina Interna",
        MAY_6_AT_10, 20, TipoPrestacion.CONSULTA_NUEVA, entryId));

    assertThat(his.findAppointment(appointmentId).orElseThrow().waitlistEntryId()).isEqualTo(entryId);
    WaitlistEntryRecord entry = his.findWaitlistEntry(entryId).orElseThrow();
    assertThat(entry.status()).isEqualTo(EstadoListaEspera.CITADO);
    assertThat(entry.updatedAt()).isEqualTo(NOW);

    assertThatThrownBy(() -> his.book(new NewAppointment(patientId, otherDoctorId, siteId, "Medicina Interna",
        MAY_6_AT_10, 20, TipoPrestacion.CONSULTA_NUEVA, entryId)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("CITADO");
    assertThat(query(database, "SELECT count(*) FROM his.cita WHERE lista_espera_id = " + entryId))
        .containsExactly("1");
  }

  @Test
  void aRefusedBookingLeavesTheWaitingListEntryWaiting() {
    his.book(appointment(doctorId, otherPatientId, MAY_6_AT_10));
    long entryId = his.addWaitlistEntry(waitingFor(patientId));

    assertThatThrownBy(() -> his.book(new NewAppointment(patientId, doctorId, siteId, "Medicina Interna",
        MAY_6_AT_10, 20, TipoPrestacion.CONSULTA_NUEVA, entryId)))
        .isInstanceOf(SlotTakenException.class);

    assertThat(his.findWaitlistEntry(entryId).orElseThrow().status()).isEqualTo(EstadoListaEspera.EN_ESPERA);
  }

  @Test
  void dischargesAWaitingListEntryWithItsReason() {
    long entryId = his.addWaitlistEntry(waitingFor(patientId));

    his.dischargeWaitlistEntry(entryId, "Paciente ya no requiere la atención");

    WaitlistEntryRecord entry = his.findWaitlistEntry(entryId).orElseThrow();
    assertThat(entry.status()).isEqualTo(EstadoListaEspera.EGRESADO);
    assertThat(entry.dischargeReason()).isEqualTo("Paciente ya no requiere la atención");
    assertThat(entry.updatedAt()).isEqualTo(NOW);
    assertThatThrownBy(() -> his.dischargeWaitlistEntry(entryId, "otra vez"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theDatabaseRefusesAGesDeadlineOnANonGesEntry() {
    assertThatThrownBy(() -> {
      try (Connection connection = database.getConnection();
          PreparedStatement insert = connection.prepareStatement("INSERT INTO his.lista_espera"
              + " (paciente_id, codigo_establecimiento, especialidad, ges, fecha_limite_ges, fecha_ingreso)"
              + " VALUES (?, 'HCHM', 'Cardiología', false, DATE '2026-06-01', DATE '2026-01-01')")) {
        insert.setLong(1, patientId);
        insert.executeUpdate();
      }
    }).isInstanceOf(PSQLException.class).hasMessageContaining("lista_espera_limite_ges_ck");
  }

  private NewWaitlistEntry waitingFor(long patient) {
    return new NewWaitlistEntry(patient, "HCHM", "Medicina Interna", TipoPrestacion.CONSULTA_NUEVA, null,
        null, false, null, 3, LocalDate.of(2025, 2, 1));
  }

  private NewAppointment appointment(long professional, long patient, LocalDateTime startsAt) {
    return new NewAppointment(patient, professional, siteId, "Medicina Interna", startsAt,
        NewAppointment.DEFAULT_DURATION_MINUTES, TipoPrestacion.CONSULTA_NUEVA, null);
  }

  private static NewPatient patient(Rut rut, String phone) {
    return new NewPatient(rut, "Juan Dionisio", "Soto", "Cabrera", LocalDate.of(1958, 9, 18), phone, null);
  }

  private static Rut nextRut() {
    return Rut.of(RUT_NUMBERS.incrementAndGet());
  }

  private void insertRaw(long professional, long patient, LocalDateTime startsAt, String status)
      throws SQLException {
    try (Connection connection = database.getConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO his.cita"
            + " (paciente_id, profesional_id, sede_id, especialidad, fecha_hora, tipo, estado)"
            + " VALUES (?, ?, ?, 'Medicina Interna', ?, 'CONTROL', ?)")) {
      insert.setLong(1, patient);
      insert.setLong(2, professional);
      insert.setLong(3, siteId);
      insert.setObject(4, startsAt);
      insert.setString(5, status);
      insert.executeUpdate();
    }
  }
}
