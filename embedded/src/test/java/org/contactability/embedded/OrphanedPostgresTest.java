package org.contactability.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL left running by a JVM killed with {@code kill -9} is found at the next start on its data
 * directory: stopped when its owner is dead, refused with a clear message while its owner lives.
 */
class OrphanedPostgresTest {

  @Test
  void a_server_left_by_a_killed_jvm_is_stopped_and_a_new_one_started_on_its_data(@TempDir Path directory)
      throws Exception {
    Path data = directory.resolve("postgres");
    Process owner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"), "-cp",
        System.getProperty("java.class.path"), PostgresOwner.class.getName(), data.toString())
        .redirectErrorStream(true).start();
    long orphan;
    try {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        do {
          line = out.readLine();
        } while (line != null && !line.equals("started"));
        assertThat(line).as("the owner JVM started PostgreSQL").isEqualTo("started");
      }
      orphan = OrphanedPostgres.runningServer(data).orElseThrow().pid();
    } finally {
      owner.toHandle().destroyForcibly();
      owner.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).as("the orphan outlives its JVM").hasValue(true);

    try (EmbeddedPostgres restarted = EmbeddedPostgres.builder().dataDirectory(data).password("second").start()) {
      assertThat(ProcessHandle.of(orphan).filter(ProcessHandle::isAlive)).as("the orphan was stopped").isEmpty();
      long server = OrphanedPostgres.runningServer(data).orElseThrow().pid();
      assertThat(server).as("a server of this start, not the orphan").isNotEqualTo(orphan);
      try (Connection connection = restarted.dataSource().getConnection();
          Statement statement = connection.createStatement();
          ResultSet row = statement.executeQuery("SELECT pg_backend_pid() > 0")) {
        assertThat(row.next()).isTrue();
      }
    }
  }

  @Test
  void a_server_its_living_owner_still_runs_is_refused_and_left_alone(@TempDir Path directory) throws SQLException {
    Path data = directory.resolve("postgres");
    try (EmbeddedPostgres running = EmbeddedPostgres.builder().dataDirectory(data).start()) {
      long server = OrphanedPostgres.runningServer(data).orElseThrow().pid();

      assertThatThrownBy(() -> EmbeddedPostgres.builder().dataDirectory(data).start())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("PostgreSQL (pid " + server + ") is running on the data directory")
          .hasMessageContaining("still alive");

      assertThat(ProcessHandle.of(server).map(ProcessHandle::isAlive)).hasValue(true);
      try (Connection connection = running.dataSource().getConnection()) {
        assertThat(connection.isValid(5)).isTrue();
      }
    }
    assertThat(Files.exists(data.resolve("postmaster.pid"))).as("stopped by its owner").isFalse();
  }
}
