package org.contactability.his.reference;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** The SQL of the reference HIS, on a connection whose transaction the caller owns. */
final class HisRows {

  private HisRows() {
  }

  static long insertSite(Connection connection, NewSite site) throws SQLException {
    return insertReturningId(connection,
        "INSERT INTO his.sede (codigo_establecimiento, nombre, direccion, comuna) VALUES (?, ?, ?, ?) RETURNING id",
        site.hospitalCode(), site.name(), site.address(), site.commune());
  }

  static long insertPatient(Connection connection, NewPatient patient, Instant createdAt) throws SQLException {
    return insertReturningId(connection,
        "INSERT INTO his.paciente (rut, nombres, apellido_paterno, apellido_materno, fecha_nacimiento,"
            + " telefono_movil, email, creado_en) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        patient.rut().normalized(), patient.givenNames(), patient.paternalSurname(),
        patient.maternalSurname(), patient.birthDate(), patient.mobilePhone(), patient.email(),
        utc(createdAt));
  }

  static long insertProfessional(Connection connection, NewProfessional professional) throws SQLException {
    return insertReturningId(connection,
        "INSERT INTO his.profesional (rut, titulo, nombres, apellido_paterno, apellido_materno, especialidad)"
            + " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        professional.rut() == null ? null : professional.rut().normalized(), professional.title(),
        professional.givenNames(), professional.paternalSurname(), professional.maternalSurname(),
        professional.specialty());
  }

  static long insertWaitlistEntry(Connection connection, NewWaitlistEntry entry, EstadoListaEspera status,
      String dischargeReason, Instant updatedAt) throws SQLException {
    return insertReturningId(connection,
        "INSERT INTO his.lista_espera (paciente_id, codigo_establecimiento, especialidad, tipo_prestacion,"
            + " profesional_id, sede_id, ges, fecha_limite_ges, prioridad, fecha_ingreso, estado,"
            + " causal_egreso, actualizado_en) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        entry.patientId(), entry.hospitalCode(), entry.specialty(), entry.careType().name(),
        entry.professionalId(), entry.siteId(), entry.ges(), entry.gesDeadline(), (short) entry.priority(),
        entry.enteredOn(), status.name(), dischargeReason, utc(updatedAt));
  }

  static long insertAppointment(Connection connection, NewAppointment appointment, EstadoCita status,
      String cancellationReason, Instant createdAt, Instant updatedAt) throws SQLException {
    return insertReturningId(connection,
        "INSERT INTO his.cita (paciente_id, profesional_id, sede_id, especialidad, fecha_hora,"
            + " duracion_minutos, tipo, estado, motivo_anulacion, lista_espera_id, creada_en,"
            + " actualizada_en) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        appointment.patientId(), appointment.professionalId(), appointment.siteId(),
        appointment.specialty(), appointment.startsAt(), appointment.durationMinutes(),
        appointment.type().name(), status.name(), cancellationReason, appointment.waitlistEntryId(),
        utc(createdAt), utc(updatedAt));
  }

  static Optional<AppointmentRecord> findAppointment(Connection connection, long id, boolean forUpdate)
      throws SQLException {
    String sql = "SELECT id, paciente_id, profesional_id, sede_id, especialidad, fecha_hora, duracion_minutos,"
        + " tipo, estado, motivo_anulacion, lista_espera_id, creada_en, actualizada_en"
        + " FROM his.cita WHERE id = ?" + (forUpdate ? " FOR UPDATE" : "");
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, id);
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        return Optional.of(new AppointmentRecord(
            row.getLong("id"),
            row.getLong("paciente_id"),
            row.getLong("profesional_id"),
            row.getLong("sede_id"),
            row.getString("especialidad"),
            row.getObject("fecha_hora", LocalDateTime.class),
            row.getInt("duracion_minutos"),
            TipoPrestacion.valueOf(row.getString("tipo")),
            EstadoCita.valueOf(row.getString("estado")),
            row.getString("motivo_anulacion"),
            row.getObject("lista_espera_id", Long.class),
            instant(row, "creada_en"),
            instant(row, "actualizada_en")));
      }
    }
  }

  static Optional<WaitlistEntryRecord> findWaitlistEntry(Connection connection, long id, boolean forUpdate)
      throws SQLException {
    String sql = "SELECT id, paciente_id, codigo_establecimiento, especialidad, tipo_prestacion, profesional_id,"
        + " sede_id, ges, fecha_limite_ges, prioridad, fecha_ingreso, estado, causal_egreso, actualizado_en"
        + " FROM his.lista_espera WHERE id = ?" + (forUpdate ? " FOR UPDATE" : "");
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, id);
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        return Optional.of(new WaitlistEntryRecord(
            row.getLong("id"),
            row.getLong("paciente_id"),
            row.getString("codigo_establecimiento"),
            row.getString("especialidad"),
            TipoPrestacion.valueOf(row.getString("tipo_prestacion")),
            row.getObject("profesional_id", Long.class),
            row.getObject("sede_id", Long.class),
            row.getBoolean("ges"),
            row.getObject("fecha_limite_ges", LocalDate.class),
            row.getInt("prioridad"),
            row.getObject("fecha_ingreso", LocalDate.class),
            EstadoListaEspera.valueOf(row.getString("estado")),
            row.getString("causal_egreso"),
            instant(row, "actualizado_en")));
      }
    }
  }

  /** Runs an UPDATE or DELETE and returns how many rows it changed. */
  static int execute(Connection connection, String sql, Object... parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, parameters);
      return statement.executeUpdate();
    }
  }

  /** Whether any table of the HIS holds a row. */
  static boolean holdsAnyRow(Connection connection) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM his.sede)"
        + " OR EXISTS (SELECT 1 FROM his.paciente) OR EXISTS (SELECT 1 FROM his.profesional)"
        + " OR EXISTS (SELECT 1 FROM his.lista_espera) OR EXISTS (SELECT 1 FROM his.cita)");
        ResultSet row = statement.executeQuery()) {
      return row.next() && row.getBoolean(1);
    }
  }

  static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet row, String column) throws SQLException {
    OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private static long insertReturningId(Connection connection, String sql, Object... parameters)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, parameters);
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
    for (int i = 0; i < parameters.length; i++) {
      if (parameters[i] == null) {
        // Let the server infer the type of a null from the column it is bound to.
        statement.setNull(i + 1, Types.OTHER);
      } else {
        statement.setObject(i + 1, parameters[i]);
      }
    }
  }
}
