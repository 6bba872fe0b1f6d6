package org.contactability.hisconnector.adapters.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.WaitlistStatus;
import org.contactability.contracts.his.CommandOutcome;
import org.contactability.hisconnector.application.HisTransaction;
import org.contactability.hisconnector.application.HisWriteException;
import org.contactability.hisconnector.application.SlotTakenException;
import org.contactability.hisconnector.domain.mapping.AppointmentMapping;
import org.contactability.hisconnector.domain.mapping.HisMapping;
import org.contactability.hisconnector.domain.mapping.ValueMap;
import org.contactability.hisconnector.domain.mapping.WaitlistMapping;
import org.contactability.hisconnector.domain.writeback.CurrentAppointment;
import org.contactability.hisconnector.domain.writeback.CurrentWaitlistEntry;
import org.postgresql.util.PSQLException;

/**
 * The writeback's SQL, built from the mapping so that it addresses the HIS's own tables, columns
 * and codes. Ids are bound as text and left to the server to convert (the data source sets
 * PostgreSQL's {@code stringtype=unspecified}), so that numeric and text ids both work.
 */
final class JdbcHisTransaction implements HisTransaction {

  private static final String UNIQUE_VIOLATION = "23505";

  private final Connection connection;
  private final AppointmentMapping appointments;
  private final WaitlistMapping waitlist;
  private final String processedTable;

  JdbcHisTransaction(Connection connection, HisMapping mapping, String platformSchema) {
    this.connection = connection;
    this.appointments = mapping.appointments();
    this.waitlist = mapping.waitlist();
    this.processedTable = platformSchema + ".comando_procesado";
  }

  static void setLockTimeout(Connection connection, Duration lockTimeout) {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET LOCAL lock_timeout = " + lockTimeout.toMillis());
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  @Override
  public Optional<ProcessedCommand> processed(String commandId) {
    String sql = "SELECT tipo, resultado, motivo, cita_id, lista_espera_id, emitido_por, procesado_en FROM "
        + processedTable + " WHERE comando_id = ?";
    return query(sql, List.of(commandId), row -> new ProcessedCommand(commandId, row.getString(1),
        CommandOutcome.valueOf(row.getString(2)), row.getString(3), row.getString(4), row.getString(5),
        row.getString(6), row.getObject(7, OffsetDateTime.class).toInstant()));
  }

  @Override
  public void recordProcessed(ProcessedCommand command) {
    update("INSERT INTO " + processedTable + " (comando_id, tipo, resultado, motivo, cita_id, lista_espera_id,"
        + " emitido_por, procesado_en) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", values(command.commandId(),
        command.commandType(), command.outcome().name(), command.reason(), command.appointmentId(),
        command.waitlistEntryId(), command.issuedBy(), utc(command.processedAt())));
  }

  @Override
  public Optional<CurrentAppointment> lockAppointment(String appointmentId) {
    AppointmentMapping.Columns c = appointments.columns();
    String sql = "SELECT " + c.status() + ", " + c.startsAt() + " FROM " + appointments.table() + " WHERE "
        + c.id() + " = ? FOR UPDATE";
    return query(sql, List.of(appointmentId), row -> {
      String code = row.getString(1) == null ? null : row.getString(1).strip();
      return new CurrentAppointment(appointmentId, code, appointments.statusValues().get(code),
          row.getObject(2, LocalDateTime.class));
    });
  }

  @Override
  public void setAppointmentStatus(String appointmentId, AppointmentStatus status, String cancellationReason,
      Instant now) {
    AppointmentMapping.Columns c = appointments.columns();
    List<String> sets = new ArrayList<>();
    List<Object> values = new ArrayList<>();
    sets.add(c.status() + " = ?");
    values.add(code(appointments.statusValues(), status, "appointments.status-values"));
    if (present(c.cancellationReason()) && cancellationReason != null) {
      sets.add(c.cancellationReason() + " = ?");
      values.add(cancellationReason);
    }
    if (present(c.updatedAt())) {
      sets.add(c.updatedAt() + " = ?");
      values.add(utc(now));
    }
    values.add(appointmentId);
    update("UPDATE " + appointments.table() + " SET " + String.join(", ", sets) + " WHERE " + c.id() + " = ?",
        values);
  }

  @Override
  public Optional<CurrentWaitlistEntry> lockWaitlistEntry(String entryId) {
    WaitlistMapping.Columns c = waitlist.columns();
    String sql = "SELECT " + c.patientId() + ", " + c.status() + " FROM " + waitlist.table() + " WHERE " + c.id()
        + " = ? FOR UPDATE";
    return query(sql, List.of(entryId), row -> {
      String code = row.getString(2) == null ? null : row.getString(2).strip();
      return new CurrentWaitlistEntry(entryId, row.getString(1), code, waitlist.statusValues().get(code));
    });
  }

  @Override
  public void setWaitlistStatus(String entryId, WaitlistStatus status, String withdrawalReason, Instant now) {
    WaitlistMapping.Columns c = waitlist.columns();
    List<String> sets = new ArrayList<>();
    List<Object> values = new ArrayList<>();
    sets.add(c.status() + " = ?");
    values.add(code(waitlist.statusValues(), status, "waitlist.status-values"));
    if (present(c.withdrawalReason()) && withdrawalReason != null) {
      sets.add(c.withdrawalReason() + " = ?");
      values.add(withdrawalReason);
    }
    if (present(c.updatedAt())) {
      sets.add(c.updatedAt() + " = ?");
      values.add(utc(now));
    }
    values.add(entryId);
    update("UPDATE " + waitlist.table() + " SET " + String.join(", ", sets) + " WHERE " + c.id() + " = ?", values);
  }

  @Override
  public String insertAppointment(NewAppointment appointment, Instant now) {
    AppointmentMapping.Columns c = appointments.columns();
    List<String> columns = new ArrayList<>(List.of(c.patientId(), c.professionalId(), c.siteId(), c.specialty(),
        c.startsAt(), c.status()));
    List<Object> values = new ArrayList<>(List.of(appointment.patientId(), appointment.professionalId(),
        appointment.siteId(), appointment.specialty(), appointment.startsAt(),
        code(appointments.statusValues(), appointment.status(), "appointments.status-values")));
    optional(columns, values, c.durationMinutes(), appointment.durationMinutes());
    optional(columns, values, c.type(), code(appointments.typeValues(), appointment.type(), "appointments.type-values"));
    optional(columns, values, c.waitlistEntryId(), appointment.waitlistEntryId());
    optional(columns, values, c.bookedAt(), utc(now));
    String sql = "INSERT INTO " + appointments.table() + " (" + String.join(", ", columns) + ") VALUES ("
        + String.join(", ", columns.stream().map(column -> "?").toList()) + ")";
    try (PreparedStatement statement = connection.prepareStatement(sql, new String[] {c.id()})) {
      bind(statement, values);
      statement.executeUpdate();
      try (ResultSet keys = statement.getGeneratedKeys()) {
        if (!keys.next()) {
          throw new HisWriteException("the HIS returned no id for the new appointment", null);
        }
        return keys.getString(1);
      }
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        // The HIS's own rule (a live appointment per professional and time) refused it.
        throw new SlotTakenException("professional " + appointment.professionalId()
            + " already has a live appointment at " + appointment.startsAt() + " (" + constraint(e) + ")");
      }
      throw new SqlFailure(e);
    }
  }

  private static String constraint(SQLException e) {
    if (e instanceof PSQLException psql && psql.getServerErrorMessage() != null
        && psql.getServerErrorMessage().getConstraint() != null) {
      return "unique constraint " + psql.getServerErrorMessage().getConstraint();
    }
    return "a unique constraint";
  }

  private static String code(Map<String, ?> values, Object canonical, String property) {
    return ValueMap.codeOf(values, canonical).orElseThrow(() -> new HisWriteException(
        "no HIS code maps to " + canonical + " in " + property + ", so it cannot be written back", null));
  }

  private static void optional(List<String> columns, List<Object> values, String column, Object value) {
    if (present(column)) {
      columns.add(column);
      values.add(value);
    }
  }

  private static boolean present(String column) {
    return column != null && !column.isEmpty();
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static List<Object> values(Object... values) {
    List<Object> list = new ArrayList<>();
    Collections.addAll(list, values);
    return list;
  }

  private <T> Optional<T> query(String sql, List<Object> values, RowReader<T> reader) {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, values);
      try (ResultSet row = statement.executeQuery()) {
        return row.next() ? Optional.of(reader.read(row)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  private void update(String sql, List<Object> values) {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, values);
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  private static void bind(PreparedStatement statement, List<Object> values) throws SQLException {
    for (int i = 0; i < values.size(); i++) {
      Object value = values.get(i);
      if (value == null) {
        statement.setNull(i + 1, Types.NULL);
      } else {
        statement.setObject(i + 1, value);
      }
    }
  }

  @FunctionalInterface
  private interface RowReader<T> {
    T read(ResultSet row) throws SQLException;
  }

  /** Carries a driver exception out of the transaction's work, to be translated once, by the writer. */
  static final class SqlFailure extends RuntimeException {

    private final SQLException sqlException;

    SqlFailure(SQLException sqlException) {
      super(null, null, false, false);
      this.sqlException = sqlException;
    }

    SQLException sqlException() {
      return sqlException;
    }
  }
}
