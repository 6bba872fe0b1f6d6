package org.contactability.testkit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.contactability.embedded.PostgresDatabase;

/** Runs one insert through a pgoutput replication slot, as the role Debezium logs in as. */
final class LogicalDecoding {

  private LogicalDecoding() {
  }

  /** The pgoutput messages one insert produces, each as its raw bytes. */
  static List<byte[]> decodeOneInsert(PostgresDatabase database) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE pacientes (id int PRIMARY KEY, nombre text NOT NULL)");
      statement.execute("CREATE PUBLICATION pacientes_pub FOR TABLE pacientes");
      statement.execute("SELECT pg_create_logical_replication_slot('pacientes_slot', 'pgoutput')");
      try {
        statement.execute("INSERT INTO pacientes VALUES (1, 'Paciente de prueba')");
        List<byte[]> messages = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("""
            SELECT data FROM pg_logical_slot_peek_binary_changes('pacientes_slot', NULL, NULL,
              'proto_version', '1', 'publication_names', 'pacientes_pub')""")) {
          while (rows.next()) {
            messages.add(rows.getBytes(1));
          }
        }
        return messages;
      } finally {
        // A slot keeps WAL until it is dropped; leave none behind on the shared server.
        statement.execute("SELECT pg_drop_replication_slot('pacientes_slot')");
      }
    }
  }
}
