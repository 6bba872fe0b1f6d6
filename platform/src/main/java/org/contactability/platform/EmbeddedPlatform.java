package org.contactability.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.contactability.common.kafka.TopicProvisioner;
import org.contactability.embedded.EmbeddedKafkaBroker;
import org.contactability.embedded.EmbeddedPostgres;
import org.contactability.his.reference.DemoData;
import org.contactability.his.reference.DemoSummary;
import org.contactability.his.reference.ReferenceHis;
import org.contactability.his.reference.ReferenceHisSchema;
import org.contactability.platform.console.ConsoleApplication;
import org.contactability.schemas.registry.InMemorySchemaRegistry;
import org.contactability.schemas.registry.SchemaRegistryHttpServer;
import org.contactability.schemas.topics.TopicNaming;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole platform in one JVM: the HIS database with demo data, a Kafka broker, a schema
 * registry, and the Spring applications on top. Starts them in dependency order and stops them
 * in reverse (applications first, so that change-data-capture and stream processors stop before
 * the database and the broker they use).
 */
public final class EmbeddedPlatform implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedPlatform.class);

  private final PlatformOptions options;
  private EmbeddedPostgres postgres;
  private EmbeddedKafkaBroker broker;
  private SchemaRegistryHttpServer registryServer;
  private ClockStore clockStore;
  private SpringServices applications;
  private DemoSummary demo;
  private Endpoints endpoints;
  private Duration startupDuration;

  private EmbeddedPlatform(PlatformOptions options) {
    this.options = options;
  }

  /** Starts everything; on failure, stops what had started and rethrows. */
  public static EmbeddedPlatform start(PlatformOptions options, Clock baseClock) {
    EmbeddedPlatform platform = new EmbeddedPlatform(options);
    try {
      platform.startAll(baseClock);
      return platform;
    } catch (RuntimeException | Error e) {
      platform.close();
      throw e;
    }
  }

  private void startAll(Clock baseClock) {
    Instant began = Instant.now();
    Path data = options.dataDirectory().toAbsolutePath();
    if (options.fresh()) {
      deleteRecursively(data);
    }
    createDirectories(data);
    clockStore = ClockStore.open(data.resolve("clock-offset"), baseClock);

    postgres = EmbeddedPostgres.builder()
        .port(options.postgresPort())
        .dataDirectory(data.resolve("postgres"))
        .user(PlatformOptions.HIS_USER)
        .password(PlatformOptions.HIS_PASSWORD)
        .database(PlatformOptions.HIS_DATABASE)
        .stopOnJvmExit(false)
        .start();
    ReferenceHisSchema.migrate(postgres.dataSource());
    if (new ReferenceHis(postgres.dataSource(), clockStore.clock()).isEmpty()) {
      demo = new DemoData(clockStore.clock(), DemoData.DEFAULT_ZONE, options.demoSeed()).fill(postgres.dataSource());
      log.info("Filled the HIS with demo data: {}", demo);
    }

    broker = EmbeddedKafkaBroker.builder()
        .host(options.host())
        .port(options.kafkaPort())
        .dataDirectory(data.resolve("kafka"))
        .start();
    InMemorySchemaRegistry registry = InMemorySchemaRegistry.journaled("platform", data.resolve("schemas.jsonl"));
    try {
      registryServer = SchemaRegistryHttpServer.start(registry, options.host(), options.registryPort());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not serve the schema registry on port " + options.registryPort(), e);
    }
    TopicNaming naming = TopicNaming.none();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      new TopicProvisioner(admin, naming, (short) 1).provisionCatalogue();
    }

    Map<String, Object> shared = new LinkedHashMap<>();
    shared.put("spring.kafka.bootstrap-servers", broker.bootstrapServers());
    shared.put("contactability.kafka.schema-registry-url", registryServer.url());
    shared.put("contactability.kafka.provision-topics", "false");
    applications = new SpringServices(clockStore.clock(), shared);

    int consolePort = options.consolePort() == 0 ? freePort() : options.consolePort();
    endpoints = new Endpoints("http://" + options.host() + ":" + consolePort + "/", registryServer.url(),
        broker.bootstrapServers(), postgres.database().jdbcUrl(), PlatformOptions.HIS_USER,
        PlatformOptions.HIS_PASSWORD, "postgresql://" + PlatformOptions.HIS_USER + ":" + PlatformOptions.HIS_PASSWORD
            + "@" + postgres.host() + ":" + postgres.port() + "/" + PlatformOptions.HIS_DATABASE);
    applications.start(ConsoleApplication.class,
        Map.of("server.port", consolePort, "spring.application.name", "console"),
        Map.of("clockStore", clockStore, "endpoints", endpoints));
    startupDuration = Duration.between(began, Instant.now());
  }

  public Endpoints endpoints() {
    return endpoints;
  }

  public ClockStore clockStore() {
    return clockStore;
  }

  /** The demo data filled at this start; null when the data directory already held a HIS. */
  public DemoSummary demo() {
    return demo;
  }

  public EmbeddedPostgres postgres() {
    return postgres;
  }

  public EmbeddedKafkaBroker broker() {
    return broker;
  }

  public Duration startupDuration() {
    return startupDuration;
  }

  @Override
  public synchronized void close() {
    closeQuietly("applications", applications);
    applications = null;
    closeQuietly("schema registry", registryServer);
    registryServer = null;
    closeQuietly("HIS database", postgres);
    postgres = null;
    closeQuietly("Kafka broker", broker);
    broker = null;
  }

  private static void closeQuietly(String what, AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      log.warn("Stopping the {} failed: {}", what, e.toString());
    }
  }

  /** A free port for a server that cannot report the one it picked before it is configured. */
  private static int freePort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not find a free port", e);
    }
  }

  private static void createDirectories(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create the data directory " + directory, e);
    }
  }

  private static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not wipe the data directory " + directory, e);
    }
  }
}
