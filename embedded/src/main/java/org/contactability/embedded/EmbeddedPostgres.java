package org.contactability.embedded;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL 18 server run from the embedded binaries on Maven Central (zonky), set up for
 * change-data-capture: {@code wal_level=logical} and room for many replication slots and WAL
 * senders, so that Debezium's {@code pgoutput} connector works against it.
 *
 * <p>On start it ensures a login role with the REPLICATION attribute and a password, and a database
 * owned by that role (what the HIS connector logs in as). {@link #createDatabase(String)} adds more
 * databases owned by the same role, e.g. one per test class: replication slots and publications
 * belong to one database, so separate databases keep tests apart on one server.
 *
 * <p>Client authentication: the role needs its password (SCRAM) over TCP; the {@code postgres}
 * superuser is trusted from this machine's loopback address only, which the class uses for
 * administration. The server listens on {@code localhost} only and opens no Unix socket.
 */
public final class EmbeddedPostgres implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);

  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final String HOST = "localhost";
  private static final String SUPERUSER = "postgres";
  private static final String CLIENT_AUTHENTICATION = """
      # Written by org.contactability.embedded.EmbeddedPostgres on every start.
      # The superuser is trusted from this machine only; every other role needs its password.
      # TYPE  DATABASE     USER      ADDRESS        METHOD
      host    all          postgres  127.0.0.1/32   trust
      host    all          postgres  ::1/128        trust
      host    all          all       127.0.0.1/32   scram-sha-256
      host    all          all       ::1/128        scram-sha-256
      host    replication  all       127.0.0.1/32   scram-sha-256
      host    replication  all       ::1/128        scram-sha-256
      """;

  private final int requestedPort;
  private final Path requestedDataDirectory;
  private final Path binariesDirectory;
  private final String user;
  private final String password;
  private final String databaseName;
  private final Map<String, String> serverConfig;
  private final boolean stopOnJvmExit;
  private final Duration startupTimeout;

  private io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
  private Path dataDirectory;
  private Duration startupDuration;
  private boolean closed;

  private EmbeddedPostgres(Builder builder) {
    this.requestedPort = builder.port;
    this.requestedDataDirectory = builder.dataDirectory;
    this.binariesDirectory = builder.binariesDirectory;
    this.user = builder.user;
    this.password = builder.password != null ? builder.password : randomPassword();
    this.databaseName = builder.database;
    this.serverConfig = Map.copyOf(builder.serverConfig);
    this.stopOnJvmExit = builder.stopOnJvmExit;
    this.startupTimeout = builder.startupTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Initialises the data directory unless it already holds a cluster, starts the server, and
   * ensures the role (with the configured password) and its database exist.
   */
  public synchronized EmbeddedPostgres start() {
    if (server != null || closed) {
      throw new IllegalStateException("This PostgreSQL server was already started");
    }
    long began = System.nanoTime();
    try {
      boolean fresh = requestedDataDirectory == null;
      dataDirectory = fresh
          ? Files.createTempDirectory("postgres-")
          : Files.createDirectories(requestedDataDirectory.toAbsolutePath().normalize());
      if (!fresh) {
        OrphanedPostgres.stopIfAny(dataDirectory, startupTimeout);
      }
      io.zonky.test.db.postgres.embedded.EmbeddedPostgres.Builder zonky =
          io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
              .setPort(requestedPort)
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(fresh)
              .setRegisterShutdownHook(stopOnJvmExit)
              .setPGStartupWait(startupTimeout)
              .setDataDirectoryCustomizer(EmbeddedPostgres::writeClientAuthentication);
      if (binariesDirectory != null) {
        zonky.setOverrideWorkingDirectory(Files.createDirectories(binariesDirectory).toFile());
      }
      serverSettings().forEach(zonky::setServerConfig);
      server = zonky.start();
      ensureRoleAndDatabase();
    } catch (IOException e) {
      closeAfterFailedStart();
      throw new UncheckedIOException("Could not start the embedded PostgreSQL: " + e.getMessage(), e);
    } catch (SQLException | RuntimeException e) {
      closeAfterFailedStart();
      throw new IllegalStateException("Could not start the embedded PostgreSQL: " + e.getMessage(), e);
    }
    startupDuration = Duration.ofNanos(System.nanoTime() - began);
    log.info("PostgreSQL started in {} ms at {}, data in {}", startupDuration.toMillis(), database(), dataDirectory);
    return this;
  }

  /** The role's own database, created on first start. */
  public PostgresDatabase database() {
    return databaseNamed(databaseName);
  }

  public String jdbcUrl() {
    return database().jdbcUrl();
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  public String host() {
    return HOST;
  }

  public int port() {
    return running().getPort();
  }

  public DataSource dataSource() {
    return database().dataSource();
  }

  public Path dataDirectory() {
    running();
    return dataDirectory;
  }

  /** How long {@link #start()} took, from unpacking the binaries to a usable database. */
  public Duration startupDuration() {
    running();
    return startupDuration;
  }

  /**
   * Creates another database owned by the role, e.g. one per test class.
   *
   * @param name lower-case letters, digits and underscores, starting with a letter or underscore
   * @throws IllegalArgumentException if the name is not such an identifier or the database exists
   */
  public PostgresDatabase createDatabase(String name) {
    requireIdentifier(name, "database name");
    try (Connection admin = running().getPostgresDatabase().getConnection()) {
      if (databaseExists(admin, name)) {
        throw new IllegalArgumentException("The database '" + name + "' already exists");
      }
      try (Statement statement = admin.createStatement()) {
        statement.execute("CREATE DATABASE " + name + " OWNER " + user);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create the database '" + name + "': " + e.getMessage(), e);
    }
    return databaseNamed(name);
  }

  public synchronized boolean isRunning() {
    return server != null && !closed;
  }

  /** Stops the server (fast shutdown: open sessions are ended) and deletes a fresh data directory. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (server == null) {
      return;
    }
    long began = System.nanoTime();
    try {
      server.close();
    } catch (IOException e) {
      log.warn("Stopping PostgreSQL failed: {}", e.getMessage());
    }
    log.info("PostgreSQL on port {} stopped in {} ms", server.getPort(), Duration.ofNanos(System.nanoTime() - began).toMillis());
  }

  private io.zonky.test.db.postgres.embedded.EmbeddedPostgres running() {
    if (server == null || closed) {
      throw new IllegalStateException("The embedded PostgreSQL is not running");
    }
    return server;
  }

  private PostgresDatabase databaseNamed(String name) {
    return new PostgresDatabase(HOST, port(), name, user, password);
  }

  private Map<String, String> serverSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("wal_level", "logical");
    settings.put("max_replication_slots", "32");
    settings.put("max_wal_senders", "32");
    // Logical decoding only sees flushed WAL: an asynchronous commit (zonky's default) would
    // reach Debezium up to a few hundred milliseconds late.
    settings.put("synchronous_commit", "on");
    settings.put("listen_addresses", HOST);
    settings.put("unix_socket_directories", "''");
    settings.putAll(serverConfig);
    return settings;
  }

  private void ensureRoleAndDatabase() throws SQLException {
    try (Connection admin = server.getPostgresDatabase().getConnection();
        Statement statement = admin.createStatement()) {
      String attributes = " LOGIN REPLICATION PASSWORD " + quoteLiteral(password);
      if (roleExists(admin)) {
        statement.execute("ALTER ROLE " + user + attributes);
      } else {
        statement.execute("CREATE ROLE " + user + attributes);
      }
      if (!databaseExists(admin, databaseName)) {
        statement.execute("CREATE DATABASE " + databaseName + " OWNER " + user);
      }
    }
  }

  private boolean roleExists(Connection admin) throws SQLException {
    try (PreparedStatement query = admin.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
      query.setString(1, user);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next();
      }
    }
  }

  private static boolean databaseExists(Connection admin, String name) throws SQLException {
    try (PreparedStatement query = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      query.setString(1, name);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next();
      }
    }
  }

  private void closeAfterFailedStart() {
    if (server != null) {
      try {
        server.close();
      } catch (IOException e) {
        log.warn("Stopping PostgreSQL after a failed start failed: {}", e.getMessage());
      }
    }
    closed = true;
  }

  private static void writeClientAuthentication(File dataDirectory) {
    try {
      Files.writeString(dataDirectory.toPath().resolve("pg_hba.conf"), CLIENT_AUTHENTICATION, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write pg_hba.conf in " + dataDirectory, e);
    }
  }

  private static String quoteLiteral(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  private static void requireIdentifier(String name, String what) {
    if (name == null || !IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException("Not a valid " + what + " (lower-case letters, digits and underscores,"
          + " starting with a letter or underscore, at most 63 characters): " + name);
    }
  }

  private static String randomPassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** Options of an {@link EmbeddedPostgres}; every one has a default that suits tests. */
  public static final class Builder {

    private int port;
    private Path dataDirectory;
    private Path binariesDirectory;
    private String user = "contactability";
    private String password;
    private String database = "contactability";
    private final Map<String, String> serverConfig = new LinkedHashMap<>();
    private boolean stopOnJvmExit = true;
    private Duration startupTimeout = Duration.ofSeconds(60);

    private Builder() {
    }

    /** TCP port; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("Not a TCP port: " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * A data directory kept across restarts: initialised on first use, reused afterwards.
     * Without it the server uses a fresh directory under {@code java.io.tmpdir}, deleted on close.
     */
    public Builder dataDirectory(Path dataDirectory) {
      this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
      return this;
    }

    /** Where the PostgreSQL binaries are unpacked; {@code java.io.tmpdir/embedded-pg} by default. */
    public Builder binariesDirectory(Path binariesDirectory) {
      this.binariesDirectory = Objects.requireNonNull(binariesDirectory, "binariesDirectory");
      return this;
    }

    /** The login role with REPLICATION; {@code contactability} by default. */
    public Builder user(String user) {
      requireIdentifier(user, "role name");
      if (SUPERUSER.equals(user)) {
        throw new IllegalArgumentException("The application role must not be the superuser");
      }
      this.user = user;
      return this;
    }

    /** The role's password; a random one by default. Set again on every start. */
    public Builder password(String password) {
      if (password == null || password.isEmpty()) {
        throw new IllegalArgumentException("The password must not be empty");
      }
      this.password = password;
      return this;
    }

    /** The database the role owns; {@code contactability} by default. */
    public Builder database(String database) {
      requireIdentifier(database, "database name");
      this.database = database;
      return this;
    }

    /** Any {@code postgresql.conf} setting, applied over this class's defaults. */
    public Builder serverConfig(String name, String value) {
      serverConfig.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Whether a JVM shutdown hook stops the server if {@link #close()} was not called (on by
     * default: the server is a separate process and would outlive the JVM). An application that
     * stops its components in order in its own hook may turn it off, as hooks run concurrently.
     */
    public Builder stopOnJvmExit(boolean stopOnJvmExit) {
      this.stopOnJvmExit = stopOnJvmExit;
      return this;
    }

    public Builder startupTimeout(Duration startupTimeout) {
      this.startupTimeout = Objects.requireNonNull(startupTimeout, "startupTimeout");
      return this;
    }

    public EmbeddedPostgres build() {
      return new EmbeddedPostgres(this);
    }

    /** Builds and {@linkplain EmbeddedPostgres#start() starts} the server. */
    public EmbeddedPostgres start() {
      return build().start();
    }
  }
}
