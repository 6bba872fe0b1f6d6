package org.contactability.platform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

import org.contactability.notifier.adapters.sandbox.SandboxMessage;

/**
 * Counting from the outside, for the tests that kill parts of the platform: every write the HIS takes on
 * {@code his.cita} (a trigger the test puts there: a writeback that wrote twice shows twice, even with the same
 * values), the commands the writeback recorded, and the copies of a template the provider received per phone.
 */
final class HisWrites {

  private final DataSource his;
  private final String schema;

  private HisWrites(DataSource his, String schema) {
    this.his = his;
    this.schema = schema;
  }

  /** Puts the recording trigger on {@code his.cita}, its table in the new schema {@code schema}. */
  static HisWrites record(DataSource his, String schema) throws SQLException {
    try (Connection connection = his.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
      statement.execute("CREATE TABLE " + schema + ".cita_escrita (cita_id bigint NOT NULL, estado varchar(30),"
          + " escrita_en timestamptz NOT NULL DEFAULT clock_timestamp())");
      statement.execute("CREATE FUNCTION " + schema + ".anotar() RETURNS trigger LANGUAGE plpgsql AS $$\n"
          + "BEGIN\n  INSERT INTO " + schema + ".cita_escrita (cita_id, estado) VALUES (NEW.id, NEW.estado);\n"
          + "  RETURN NEW;\nEND $$");
      statement.execute("CREATE TRIGGER " + schema + " AFTER UPDATE ON his.cita FOR EACH ROW"
          + " EXECUTE FUNCTION " + schema + ".anotar()");
    }
    return new HisWrites(his, schema);
  }

  /** How many writes the HIS took per appointment since {@link #record}. */
  Map<Long, Long> perAppointment() throws SQLException {
    Map<Long, Long> writes = new HashMap<>();
    try (Connection connection = his.getConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT cita_id, count(*) FROM " + schema + ".cita_escrita"
            + " GROUP BY cita_id")) {
      while (rows.next()) {
        writes.put(rows.getLong(1), rows.getLong(2));
      }
    }
    return writes;
  }

  /** What the writeback recorded per appointment in the HIS database: each command's type and outcome. */
  Map<Long, List<String>> commandsPerAppointment() throws SQLException {
    Map<Long, List<String>> commands = new HashMap<>();
    try (Connection connection = his.getConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT cita_id, tipo, resultado"
            + " FROM contactabilidad.comando_procesado WHERE cita_id IS NOT NULL")) {
      while (rows.next()) {
        commands.computeIfAbsent(Long.parseLong(rows.getString(1)), id -> new ArrayList<>())
            .add(rows.getString(2) + ":" + rows.getString(3));
      }
    }
    return commands;
  }

  /** Each of {@code phones}, and no other, received {@code template} exactly once at the provider. */
  static void assertOncePerPhone(List<SandboxMessage> journal, String template, Set<String> phones, String context) {
    Map<String, Long> copies = journal.stream().filter(m -> template.equals(m.template()))
        .collect(Collectors.groupingBy(SandboxMessage::to, Collectors.counting()));
    assertThat(copies).as(template + " per appointment at the provider (" + context + ")")
        .containsOnlyKeys(phones)
        .allSatisfy((phone, n) -> assertThat(n).as(template + " to " + phone).isEqualTo(1L));
  }
}
