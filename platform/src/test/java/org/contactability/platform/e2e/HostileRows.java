package org.contactability.platform.e2e;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.contactability.common.Rut;

/**
 * Rows a HIS really holds, written into the platform's HIS database with plain SQL as a clerk's
 * system would (only the database's own constraints apply): phones, e-mails and RUTs that are none,
 * names with markup and emoji, dates and codes out of the ordinary. Each row says what must become of
 * it: refused with a reason, or carried to the patient like any other.
 */
final class HostileRows {

  /** What must become of a row. */
  enum Outcome {
    /** A dead letter names the row (table and id) with a reason; for a contact, a failed send's reason also does. */
    REASON,
    /** The booking notice reaches the patient's phone. */
    NOTICE,
    /** The appointment reaches the appointment view, or a dead letter names it: it is not stuck. */
    HANDLED
  }

  /**
   * @param topic          the his.* topic the row's changes go to
   * @param id             the row's id (the key of its changes and dead letters)
   * @param appointmentId  the appointment booked for the row, for outcomes seen on the appointment
   * @param phone          the patient's valid phone, where the notice must arrive (else null)
   * @param value          the malformed patient datum, which no reason may quote (else null)
   */
  record Row(String label, String topic, long id, Outcome outcome, long appointmentId, String phone, String value) {
    /** Malformed rows: the ones that must be refused with a reason. */
    boolean malformed() {
      return outcome == Outcome.REASON;
    }
  }

  private static final AtomicInteger SLOT = new AtomicInteger();

  private final DataSource his;
  private final Random random;
  private final LocalDateTime day;
  private final List<Row> rows = new ArrayList<>();
  /** Names and phones of the rows' patients: no log line may carry them. */
  private final List<String> patientData = new ArrayList<>();
  private long site;
  private long professional;

  /** @param day a day ahead of the platform's clock on which the rows' appointments are booked */
  HostileRows(DataSource his, long seed, LocalDate day) {
    this.his = his;
    this.random = new Random(seed);
    this.day = day.atTime(8, 0);
  }

  List<Row> rows() {
    return List.copyOf(rows);
  }

  List<String> patientData() {
    return List.copyOf(patientData);
  }

  /** Writes every row; returns them with what must become of each. */
  List<Row> write() throws SQLException {
    try (Connection connection = his.getConnection()) {
      site = insertSite(connection, "HLS", "CDT hostil " + random.nextInt(1_000_000));
      professional = insertProfessional(connection, "Dra.", "Inés", "Cardiología");
      for (String phone : sample(badPhones(), 12)) {
        patient(connection, "phone '" + phone + "'", validRut(), "Paciente", phone, "ok" + random.nextInt(1_000_000)
            + "@example.com", false, phone);
      }
      for (String email : sample(badEmails(), 10)) {
        patient(connection, "e-mail '" + email + "'", validRut(), "Paciente", phone(), email, true, email);
      }
      for (int i = 0; i < 8; i++) {
        String rut = wrongCheckDigit();
        patient(connection, "RUT with a wrong check digit", rut, "Paciente", phone(), null, true, rut);
      }
      for (String name : sample(names(), 10)) {
        String phone = phone();
        long id = insertPatient(connection, validRut(), name, phone, null, null);
        rows.add(new Row("name '" + name + "'", "his.patients", id, Outcome.NOTICE,
            book(connection, id, site, professional, nextSlot(), 20, "Cardiología"), phone, null));
      }
      for (LocalDate born : List.of(LocalDate.of(1, 1, 1), LocalDate.of(1850, 2, 28), LocalDate.of(2999, 12, 31))) {
        long id = insertPatient(connection, validRut(), "Fecha", phone(), null, born);
        rows.add(new Row("birth date " + born, "his.patients", id, Outcome.HANDLED, book(connection, id, site,
            professional, nextSlot(), 20, "Cardiología"), null, null));
      }
      appointments(connection);
      sites(connection);
    }
    return rows();
  }

  /** A patient with one malformed value, booked: refused with a reason that does not quote the value. */
  private void patient(Connection connection, String label, String rut, String givenNames, String phone,
      String email, boolean phoneIsValid, String malformed) throws SQLException {
    long id = insertPatient(connection, rut, givenNames, phone, email, null);
    long appointment = book(connection, id, site, professional, nextSlot(), 20, "Cardiología");
    rows.add(new Row(label, "his.patients", id, Outcome.REASON, appointment, phoneIsValid ? phone : null, malformed));
  }

  /** Appointments at times and of lengths a clerk's typo makes, and specialties with markup. */
  private void appointments(Connection connection) throws SQLException {
    long patient = insertPatient(connection, validRut(), "Horario", phone(), null, null);
    List<LocalDateTime> times = new ArrayList<>(List.of(LocalDateTime.of(1900, 1, 1, 10, 0),
        LocalDateTime.of(9999, 12, 31, 23, 59)));
    // The next two changes of Santiago's clocks: a time that does not exist, and one that exists twice.
    ZoneRules santiago = ZoneId.of("America/Santiago").getRules();
    Instant after = day.atZone(ZoneId.of("America/Santiago")).toInstant();
    for (int i = 0; i < 2; i++) {
      ZoneOffsetTransition change = santiago.nextTransition(after);
      times.add((change.isGap() ? change.getDateTimeBefore() : change.getDateTimeAfter()).plusMinutes(30));
      after = change.getInstant();
    }
    for (LocalDateTime time : times) {
      rows.add(new Row("appointment at " + time, "his.appointments", 0, Outcome.HANDLED,
          book(connection, patient, site, professional, time, 20, "Cardiología"), null, null));
    }
    rows.add(new Row("appointment of 2147483647 minutes", "his.appointments", 0, Outcome.HANDLED,
        book(connection, patient, site, professional, nextSlot(), Integer.MAX_VALUE, "Cardiología"), null, null));
    for (String specialty : sample(names(), 3)) {
      String phone = phone();
      long id = insertPatient(connection, validRut(), "Especialidad", phone, null, null);
      rows.add(new Row("specialty '" + specialty + "'", "his.appointments", 0, Outcome.NOTICE,
          book(connection, id, site, professional, nextSlot(), 20, specialty), phone, null));
    }
    long marked = insertProfessional(connection, "<i>Dr</i>", "<b>Ñandú</b> 😀", "Cardiología");
    String phone = phone();
    long id = insertPatient(connection, validRut(), "Profesional", phone, null, null);
    rows.add(new Row("professional with markup", "his.professionals", marked, Outcome.NOTICE,
        book(connection, id, site, marked, nextSlot(), 20, "Cardiología"), phone, null));
  }

  /** Sites of hospitals the platform has no configuration for. */
  private void sites(Connection connection) throws SQLException {
    for (String code : List.of("XYZ", "<b>HLS</b>", "😀")) {
      long unknown = insertSite(connection, code, "Sede " + random.nextInt(1_000_000));
      long id = insertPatient(connection, validRut(), "Sede", phone(), null, null);
      rows.add(new Row("site of hospital '" + code + "'", "his.sites", unknown, Outcome.REASON,
          book(connection, id, unknown, professional, nextSlot(), 20, "Cardiología"), null, null));
    }
  }

  // --- values ---

  private static Arbitrary<String> badPhones() {
    return Arbitraries.oneOf(
        Arbitraries.of("sin teléfono", "12345", "09-1234567", "9 1234 567", "no tiene", "+56 9 1234 5678 9012",
            "😀😀😀", "<b>912345678</b>", "912345678; DROP TABLE", "+1 (555) 0100", "0", "—"),
        HostileRequests.garbage().map(HostileRows::fit30).filter(s -> !s.isBlank() && !s.chars().anyMatch(c -> c == 0)
            && s.chars().filter(Character::isDigit).count() < 8));
  }

  private static Arbitrary<String> badEmails() {
    return Arbitraries.oneOf(
        Arbitraries.of("juan@", "@example.com", "juan", "juan@@example.com", "<script>@example.com",
            "juan@example..com", "juan @example.com", "😀@example.com", "juan@exa mple.com", "\"a\"b@example.com"),
        HostileRequests.garbage().filter(s -> !s.contains("@") && !s.isBlank() && s.chars().noneMatch(c -> c == 0))
            .map(s -> s.length() > 100 ? s.substring(0, 100) : s));
  }

  private static Arbitrary<String> names() {
    return Arbitraries.oneOf(
        Arbitraries.of("<script>alert('x')</script>", "Ana <b>María</b>", "José 😀", "O'Higgins & \"Hijos\"",
            "{{name}}", "${jndi:ldap://x/a}", "Ñuñoa\u202Eevil", "María José ".repeat(8).strip()),
        Arbitraries.strings().withChars("abcñáé <>&\"'😀🏥").ofMinLength(1).ofMaxLength(40)
            .filter(s -> !s.isBlank()));
  }

  private <T> List<T> sample(Arbitrary<T> arbitrary, int count) {
    return HostileRequests.draw(arbitrary, count, random);
  }

  private static String fit30(String value) {
    return value.length() > 30 ? value.substring(0, 30) : value;
  }

  private String phone() {
    String phone = "+56996" + String.format("%06d", random.nextInt(1_000_000));
    patientData.add(phone.substring(3));
    return phone;
  }

  private String validRut() {
    return Rut.of(40_000_000 + random.nextInt(9_000_000)).normalized();
  }

  private String wrongCheckDigit() {
    String valid = validRut();
    char digit = valid.charAt(valid.length() - 1);
    return valid.substring(0, valid.length() - 1) + (digit == '1' ? '2' : '1');
  }

  private LocalDateTime nextSlot() {
    return day.plusMinutes(20L * SLOT.getAndIncrement());
  }

  // --- SQL ---

  private static long insertSite(Connection connection, String hospital, String name) throws SQLException {
    return insert(connection, "insert into his.sede (codigo_establecimiento, nombre, direccion, comuna)"
        + " values (?, ?, 'Av. Balmaceda 916', 'La Serena') returning id", hospital, name);
  }

  private static long insertProfessional(Connection connection, String title, String names, String specialty)
      throws SQLException {
    return insert(connection, "insert into his.profesional (titulo, nombres, apellido_paterno, especialidad)"
        + " values (?, ?, 'Rojas', ?) returning id", title, names, specialty);
  }

  private long insertPatient(Connection connection, String rut, String givenNames, String phone, String email,
      LocalDate born) throws SQLException {
    String surname = "Hostil" + random.nextInt(1_000_000);
    patientData.add(givenNames + " " + surname);
    return insert(connection, "insert into his.paciente (rut, nombres, apellido_paterno, telefono_movil, email,"
        + " fecha_nacimiento, creado_en) values (?, ?, ?, ?, ?, ?, now()) returning id", rut, givenNames, surname,
        phone, email, born);
  }

  private static long book(Connection connection, long patient, long site, long professional, LocalDateTime at,
      int minutes, String specialty) throws SQLException {
    return insert(connection, "insert into his.cita (paciente_id, profesional_id, sede_id, especialidad, fecha_hora,"
        + " duracion_minutos, tipo, estado) values (?, ?, ?, ?, ?, ?, 'CONTROL', 'AGENDADA') returning id",
        patient, professional, site, specialty, at, minutes);
  }

  private static long insert(Connection connection, String sql, Object... values) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        statement.setObject(i + 1, values[i]);
      }
      try (ResultSet keys = statement.executeQuery()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }
}
