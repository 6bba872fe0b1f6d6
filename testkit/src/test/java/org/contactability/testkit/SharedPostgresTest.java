package org.contactability.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.contactability.embedded.PostgresDatabase;
import org.junit.jupiter.api.Test;

class SharedPostgresTest {

  @Test
  void a_new_database_is_empty_and_owned_by_a_replication_role() throws SQLException {
    PostgresDatabase database = SharedPostgres.newDatabase(SharedPostgresTest.class);

    assertThat(database.name()).startsWith("sharedpostgrestest_");
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("""
            SELECT r.rolreplication, pg_get_userbyid(d.datdba),
              (SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public')
            FROM pg_roles r, pg_database d
            WHERE r.rolname = current_user AND d.datname = current_database()""")) {
      assertThat(row.next()).isTrue();
      assertThat(row.getBoolean(1)).as("REPLICATION").isTrue();
      assertThat(row.getString(2)).isEqualTo(database.user());
      assertThat(row.getInt(3)).as("tables").isZero();
    }
  }

  @Test
  void every_call_gives_another_database() {
    PostgresDatabase first = SharedPostgres.newDatabase();
    PostgresDatabase second = SharedPostgres.newDatabase();

    assertThat(first.name()).isNotEqualTo(second.name());
    assertThat(first.port()).isEqualTo(second.port());
  }

  @Test
  void logical_decoding_with_pgoutput_sees_an_insert() throws SQLException {
    List<byte[]> messages = LogicalDecoding.decodeOneInsert(SharedPostgres.newDatabase(SharedPostgresTest.class));

    assertThat(messages).extracting(message -> (char) message[0]).containsExactly('B', 'R', 'I', 'C');
    assertThat(new String(messages.get(2), StandardCharsets.UTF_8)).contains("Paciente de prueba");
  }

  @Test
  void reports_how_long_the_server_took_to_start() {
    assertThat(SharedPostgres.startupDuration()).isPositive();
  }
}
