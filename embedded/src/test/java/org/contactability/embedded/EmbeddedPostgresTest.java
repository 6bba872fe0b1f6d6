package org.contactability.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresTest {

  private static EmbeddedPostgres postgres;

  @BeforeAll
  static void startPostgres() {
    postgres = EmbeddedPostgres.builder().serverConfig("fsync", "off").start();
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @Test
  void the_server_is_configured_for_logical_decoding() throws SQLException {
    try (Connection connection = postgres.dataSource().getConnection()) {
      assertThat(setting(connection, "wal_level")).isEqualTo("logical");
      assertThat(Integer.parseInt(setting(connection, "max_replication_slots"))).isGreaterThanOrEqualTo(32);
      assertThat(Integer.parseInt(setting(connection, "max_wal_senders"))).isGreaterThanOrEqualTo(32);
      assertThat(setting(connection, "server_version")).startsWith("18.");
    }
  }

  @Test
  void the_role_can_replicate_and_owns_its_database() throws SQLException {
    try (Connection connection = postgres.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("""
            SELECT r.rolreplication, r.rolsuper, pg_get_userbyid(d.datdba)
            FROM pg_roles r, pg_database d
            WHERE r.rolname = current_user AND d.datname = current_database()""")) {
      assertThat(row.next()).isTrue();
      assertThat(row.getBoolean(1)).as("REPLICATION").isTrue();
      assertThat(row.getBoolean(2)).as("superuser").isFalse();
      assertThat(row.getString(3)).isEqualTo(postgres.user());
    }
    assertThat(postgres.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:" + postgres.port() + "/contactability");
  }

  @Test
  void the_role_needs_its_password() {
    assertThatThrownBy(() -> DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "wrong password"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("password authentication failed");
  }

  @Test
  void created_databases_are_separate_and_owned_by_the_role() throws SQLException {
    PostgresDatabase first = postgres.createDatabase("isolation_a");
    PostgresDatabase second = postgres.createDatabase("isolation_b");
    execute(first, "CREATE TABLE only_in_a (id int)");

    try (Connection connection = second.dataSource().getConnection();
        ResultSet tables = connection.getMetaData().getTables(null, "public", "only_in_a", null)) {
      assertThat(tables.next()).isFalse();
    }
    assertThat(first.jdbcUrl()).endsWith("/isolation_a");
    assertThat(first.toString()).doesNotContain(first.password());
  }

  @Test
  void database_names_must_be_plain_identifiers_and_new() {
    assertThatThrownBy(() -> postgres.createDatabase("Robert'); DROP TABLE students;--"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Not a valid database name");
    postgres.createDatabase("twice");
    assertThatThrownBy(() -> postgres.createDatabase("twice"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already exists");
  }

  @Test
  void pgoutput_decodes_an_insert_for_a_publication() throws SQLException {
    PostgresDatabase database = postgres.createDatabase("decoding");
    execute(database, "CREATE TABLE citas (id int PRIMARY KEY, estado text NOT NULL)");
    execute(database, "CREATE PUBLICATION citas_pub FOR TABLE citas");
    execute(database, "SELECT pg_create_logical_replication_slot('citas_slot', 'pgoutput')");
    execute(database, "INSERT INTO citas VALUES (1, 'AGENDADA')");

    List<byte[]> messages = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("""
            SELECT data FROM pg_logical_slot_peek_binary_changes('citas_slot', NULL, NULL,
              'proto_version', '1', 'publication_names', 'citas_pub')""")) {
      while (rows.next()) {
        messages.add(rows.getBytes(1));
      }
    } finally {
      execute(database, "SELECT pg_drop_replication_slot('citas_slot')");
    }

    // pgoutput messages start with their type: Begin, Relation, Insert, Commit.
    assertThat(messages).extracting(message -> (char) message[0]).containsExactly('B', 'R', 'I', 'C');
    assertThat(new String(messages.get(1), StandardCharsets.UTF_8)).contains("citas");
    assertThat(new String(messages.get(2), StandardCharsets.UTF_8)).contains("AGENDADA");
  }

  @Test
  void a_persistent_data_directory_keeps_data_and_takes_a_new_password(@TempDir Path directory) throws SQLException {
    Path data = directory.resolve("pg");
    try (EmbeddedPostgres first = EmbeddedPostgres.builder().dataDirectory(data).password("first").start()) {
      execute(first.database(), "CREATE TABLE kept (note text)");
      execute(first.database(), "INSERT INTO kept VALUES ('before restart')");
    }
    assertThat(data.resolve("PG_VERSION")).exists();

    try (EmbeddedPostgres second = EmbeddedPostgres.builder().dataDirectory(data).password("second").start();
        Connection connection = second.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT note FROM kept")) {
      assertThat(row.next()).isTrue();
      assertThat(row.getString(1)).isEqualTo("before restart");
      assertThatThrownBy(() -> DriverManager.getConnection(second.jdbcUrl(), second.user(), "first"))
          .isInstanceOf(SQLException.class);
    }
    assertThat(data.resolve("PG_VERSION")).exists();
  }

  @Test
  void reports_its_startup_duration() {
    assertThat(postgres.isRunning()).isTrue();
    assertThat(postgres.startupDuration()).isPositive();
    assertThat(postgres.dataDirectory()).startsWith(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
  }

  private static String setting(Connection connection, String name) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SHOW " + name)) {
      row.next();
      return row.getString(1);
    }
  }

  private static void execute(PostgresDatabase database, String sql) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
