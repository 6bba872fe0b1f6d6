package org.contactability.his.reference;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One embedded PostgreSQL per test JVM, a fresh database per caller. Stands in for testkit's
 * shared server until that lands; binaries and data live under java.io.tmpdir (target/tmp).
 */
final class TestPostgres {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private TestPostgres() {
  }

  static synchronized DataSource newDatabase() {
    String name = "his_test_" + DATABASES.incrementAndGet();
    try (Connection admin = server().getPostgresDatabase().getConnection();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException failure) {
      throw new IllegalStateException("could not create test database", failure);
    }
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(server.getJdbcUrl("postgres", name));
    return dataSource;
  }

  private static EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().start();
      } catch (IOException failure) {
        throw new UncheckedIOException("could not start embedded PostgreSQL", failure);
      }
    }
    return server;
  }
}
