package org.contactability.testkit;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.contactability.embedded.PostgresDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one PostgreSQL server of this test JVM ({@code wal_level=logical}), started on first use and
 * shared by every test class; stopped when the JUnit Platform session ends (see
 * {@link SharedInfrastructure}).
 *
 * <p>Each test class takes its own database with {@link #newDatabase(Class)}: tables, publications
 * and Debezium's replication slots then never meet another class's. The databases belong to a
 * login role with REPLICATION, which is what the HIS connector logs in as.
 */
public final class SharedPostgres {

  private static final Logger log = LoggerFactory.getLogger(SharedPostgres.class);

  private static final SharedInstance<PostgresBackend> SERVER = new SharedInstance<>("PostgreSQL server", SharedPostgres::startServer);
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private SharedPostgres() {
  }

  /** A new, empty database named after the test class, e.g. {@code appointmentreadertest_3_5f0c1a}. */
  public static PostgresDatabase newDatabase(Class<?> testClass) {
    String name = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    return newDatabaseNamed(name.length() > 40 ? name.substring(0, 40) : name);
  }

  /** A new, empty database with a generated name. */
  public static PostgresDatabase newDatabase() {
    return newDatabaseNamed("test");
  }

  /** How long the shared server took to start. */
  public static Duration startupDuration() {
    return SERVER.get().startupDuration();
  }

  static boolean isStarted() {
    return SERVER.isStarted();
  }

  static void stop() {
    SERVER.stop();
  }

  private static PostgresDatabase newDatabaseNamed(String stem) {
    byte[] suffix = new byte[3];
    ThreadLocalRandom.current().nextBytes(suffix);
    String start = Character.isLetter(stem.charAt(0)) ? stem : "t" + stem;
    return SERVER.get().createDatabase(start + "_" + DATABASES.incrementAndGet() + "_" + HexFormat.of().formatHex(suffix));
  }

  private static PostgresBackend startServer() {
    Backend backend = Backend.selected();
    PostgresBackend server = PostgresBackend.start(backend);
    log.info("Shared PostgreSQL for this test JVM ({}) started in {} ms",
        backend.name().toLowerCase(Locale.ROOT), server.startupDuration().toMillis());
    return server;
  }
}
