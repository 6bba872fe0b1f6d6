package org.contactability.testkit;

import java.time.Duration;

import org.contactability.embedded.EmbeddedPostgres;
import org.contactability.embedded.PostgresDatabase;

/** A running PostgreSQL server with logical decoding, wherever it runs. */
interface PostgresBackend extends AutoCloseable {

  /** A new database owned by a login role with REPLICATION. */
  PostgresDatabase createDatabase(String name);

  Duration startupDuration();

  @Override
  void close();

  static PostgresBackend start(Backend backend) {
    return switch (backend) {
      case EMBEDDED -> embedded();
      case TESTCONTAINERS -> ContainerPostgres.start();
    };
  }

  private static PostgresBackend embedded() {
    // Durability buys nothing in a throw-away test server; skipping fsync makes DDL and commits cheap.
    EmbeddedPostgres server = EmbeddedPostgres.builder()
        .serverConfig("fsync", "off")
        .serverConfig("full_page_writes", "off")
        .start();
    return new PostgresBackend() {
      @Override
      public PostgresDatabase createDatabase(String name) {
        return server.createDatabase(name);
      }

      @Override
      public Duration startupDuration() {
        return server.startupDuration();
      }

      @Override
      public void close() {
        server.close();
      }
    };
  }
}
