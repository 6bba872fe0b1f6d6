package org.contactability.testkit;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;

import org.contactability.embedded.PostgresDatabase;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The shared PostgreSQL as a {@code postgres:18} container with logical decoding, for machines with
 * a Docker engine. Databases belong to a REPLICATION login role, as with the embedded server.
 */
final class ContainerPostgres implements PostgresBackend {

  static final String IMAGE = "postgres:18";
  private static final String ROLE = "contactability";

  private final PostgreSQLContainer container;
  private final String password;
  private final Duration startupDuration;

  private ContainerPostgres(PostgreSQLContainer container, String password, Duration startupDuration) {
    this.container = container;
    this.password = password;
    this.startupDuration = startupDuration;
  }

  static ContainerPostgres start() {
    long began = System.nanoTime();
    PostgreSQLContainer container = new PostgreSQLContainer(IMAGE)
        .withCommand("postgres",
            "-c", "wal_level=logical",
            "-c", "max_replication_slots=32",
            "-c", "max_wal_senders=32",
            "-c", "fsync=off");
    container.start();
    byte[] secret = new byte[18];
    new SecureRandom().nextBytes(secret);
    String password = HexFormat.of().formatHex(secret);
    try (Connection admin = superuserConnection(container);
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE ROLE " + ROLE + " LOGIN REPLICATION PASSWORD '" + password + "'");
    } catch (SQLException e) {
      container.stop();
      throw new IllegalStateException("Could not create the replication role in the PostgreSQL container", e);
    }
    return new ContainerPostgres(container, password, Duration.ofNanos(System.nanoTime() - began));
  }

  @Override
  public PostgresDatabase createDatabase(String name) {
    try (Connection admin = superuserConnection(container);
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + name + " OWNER " + ROLE);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create the database '" + name + "': " + e.getMessage(), e);
    }
    return new PostgresDatabase(container.getHost(), container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT),
        name, ROLE, password);
  }

  @Override
  public Duration startupDuration() {
    return startupDuration;
  }

  @Override
  public void close() {
    container.stop();
  }

  private static Connection superuserConnection(PostgreSQLContainer container) throws SQLException {
    return DriverManager.getConnection(container.getJdbcUrl(), container.getUsername(), container.getPassword());
  }
}
