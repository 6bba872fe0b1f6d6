package org.contactability.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.contactability.common.kafka.TopicProvisioner;
import org.contactability.console.ConsoleApplication;
import org.contactability.console.config.ConsoleProperties;
import org.contactability.embedded.EmbeddedKafkaBroker;
import org.contactability.embedded.EmbeddedPostgres;
import org.contactability.his.reference.DemoData;
import org.contactability.his.reference.DemoStory;
import org.contactability.his.reference.DemoSummary;
import org.contactability.his.reference.ReferenceHis;
import org.contactability.his.reference.ReferenceHisSchema;
import org.contactability.hisconnector.HisConnectorApplication;
import org.contactability.notifier.NotifierApplication;
import org.contactability.platform.identity.DemoIdentities;
import org.contactability.platform.identity.IdentityProviderApplication;
import org.contactability.response.ResponseApplication;
import org.contactability.scheduler.SchedulerApplication;
import org.contactability.schemas.registry.InMemorySchemaRegistry;
import org.contactability.schemas.registry.SchemaRegistryHttpServer;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.Topics;
import org.contactability.waitlist.WaitlistApplication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole platform in one JVM: the HIS database with demo data, a Kafka broker, a schema
 * registry, and the Spring applications on top. Starts them in dependency order and stops them
 * in reverse (applications first, so that change-data-capture and stream processors stop before
 * the database and the broker they use).
 */
public final class EmbeddedPlatform implements AutoCloseable {

  /** Demo phones that behave as phones without WhatsApp, so that the SMS fallback can be seen. */
  static final List<String> WITHOUT_WHATSAPP = List.of(DemoStory.PEDRO_ARAYA_PHONE);

  /** Where the identity provider sends a person back to the console after the login. */
  static final String CONSOLE_LOGIN_REDIRECT = "/login/oauth2/code/platform";
  private static final String LOGIN = "spring.security.oauth2.client.";
  /**
   * Counts log events by level for Micrometer. Each application that has it adds a filter to the JVM's one Logback
   * context, and every filter counts every event of the JVM and is asked about each log call, even one at a level
   * that is off. The console keeps it: one count for the whole platform (docs/benchmarks.md, speed11).
   */
  static final String LOG_EVENT_METRICS =
      "org.springframework.boot.micrometer.metrics.autoconfigure.logging.logback.LogbackMetricsAutoConfiguration";

  private static final Logger log = LoggerFactory.getLogger(EmbeddedPlatform.class);

  private final PlatformOptions options;
  private EmbeddedPostgres postgres;
  private EmbeddedKafkaBroker broker;
  private SchemaRegistryHttpServer registryServer;
  private EmbeddedMail mail;
  private ClockStore clockStore;
  private SpringServices identityProvider;
  private SpringServices applications;
  private SharedKeyRing keys;
  private DemoSummary demo;
  private boolean hisReused;
  private Endpoints endpoints;
  private Duration startupDuration;
  private DemoHistory.Summary historySummary;
  private int topicPartitions;
  private final List<CompletableFuture<Void>> background = new CopyOnWriteArrayList<>();

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
    long began = System.nanoTime();
    Path data = options.dataDirectory().toAbsolutePath();
    if (options.fresh()) {
      LauncherSupport.deleteRecursively(data);
    }
    LauncherSupport.createDirectories(data);
    Path clockFile = data.resolve("clock-offset");
    // The history needs a new demo HIS (no database yet), the services, and a clock nobody moved yet: it starts the
    // clock in the past.
    boolean history = options.demoData() && options.services() && options.demoHistoryWeeks() > 0
        && !ClockStore.hasSavedOffset(clockFile) && !Files.exists(data.resolve("postgres"));
    clockStore = ClockStore.open(clockFile, baseClock, history
        ? DemoHistory.startOffset(baseClock, DemoData.DEFAULT_ZONE, options.demoHistoryWeeks()) : Duration.ZERO);
    LauncherSupport.setUpLogging();

    // The HIS database and the identity provider need neither the broker nor each other: they start beside it.
    CompletableFuture<Void> his = inBackground("his", () -> startHis(data, baseClock, history));
    int consolePort = options.consolePort() == 0 ? freePort() : options.consolePort();
    String consoleUrl = "http://" + options.host() + ":" + consolePort;
    int identityPort = options.identityPort() == 0 ? freePort() : options.identityPort();
    String issuer = "http://" + options.host() + ":" + identityPort;
    CompletableFuture<Void> identity = inBackground("identity", () -> startIdentityProvider(identityPort, issuer,
        consoleUrl));

    broker = EmbeddedKafkaBroker.builder()
        .host(options.host())
        .listen(options.listen())
        .port(options.kafkaPort())
        .dataDirectory(data.resolve("kafka"))
        // After a kill -9 the broker recovers every partition's log: small file work and forced writes, which
        // 4 threads overlap better than Kafka's 2 on two cores (docs/reliability.md, "Restart after kill -9").
        .brokerProperty("num.recovery.threads.per.data.dir", "4")
        .start();
    InMemorySchemaRegistry registry = InMemorySchemaRegistry.journaled("platform", data.resolve("schemas.jsonl"));
    try {
      registryServer = SchemaRegistryHttpServer.start(registry, options.listen(), options.registryPort());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not serve the schema registry on port " + options.registryPort(), e);
    }
    TopicNaming naming = TopicNaming.none();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      new TopicProvisioner(admin, naming, (short) 1, options.partitions()).provisionCatalogue();
      topicPartitions = partitionsOfTheData(admin, naming);
      EarlierRunMembers.remove(admin);
    }

    String registryUrl = "http://" + options.host() + ":" + registryServer.port();
    mail = EmbeddedMail.start(options.listen(), options.mailPort());

    OwnThread.await(his);
    OwnThread.await(identity);

    Map<String, Object> shared = new LinkedHashMap<>();
    // Tomcat is on the classpath for the identity provider: every other application is WebFlux.
    shared.put("spring.main.web-application-type", "reactive");
    shared.put("server.address", options.listen());
    shared.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer);
    shared.put("spring.kafka.bootstrap-servers", broker.bootstrapServers());
    shared.put("contactability.kafka.schema-registry-url", registryUrl);
    shared.put("contactability.kafka.provision-topics", "false");
    shared.put("spring.main.banner-mode", "off");
    shared.put("spring.autoconfigure.exclude", LOG_EVENT_METRICS);
    // One KEK for every service, made at the first start under the data directory (docs/privacy.md).
    shared.put("contactability.privacy.kek.local.keyset-file", data.resolve("keys").resolve("kek.json").toString());
    applications = new SpringServices(clockStore.clock(), shared);
    keys = SharedKeyRing.start(shared, broker.bootstrapServers(), registryUrl, naming, clockStore.clock());

    ServicePorts ports = ServicePorts.of(options);
    String host = "http://" + options.host() + ":";
    String responseUrl = host + ports.response();
    String notifierUrl = host + ports.notifier();
    Path streams = data.resolve("streams");
    List<SpringServices.Application> starts = new ArrayList<>();
    if (options.services()) {
      starts.add(new SpringServices.Application(HisConnectorApplication.class, Map.of(
          "server.port", ports.hisConnector(),
          "contactability.his-connector.database.host", postgres.host(),
          "contactability.his-connector.database.port", postgres.port(),
          "contactability.his-connector.database.name", PlatformOptions.HIS_DATABASE,
          "contactability.his-connector.database.user", PlatformOptions.HIS_USER,
          "contactability.his-connector.database.password", PlatformOptions.HIS_PASSWORD), keys.beans()));
      // Two stream threads for the scheduler: measured, a booking notice's p50 at 2/s was 276–287 ms against
      // 337–341 ms with one, and its p99 at 100/s no worse (docs/benchmarks.md, speed5).
      starts.add(new SpringServices.Application(SchedulerApplication.class, Map.of(
          "server.port", ports.scheduler(),
          "scheduler.streams.state-dir", streams.resolve("scheduler"),
          "scheduler.streams.threads", 2), Map.of()));
      Map<String, Object> notifier = new LinkedHashMap<>();
      notifier.put("server.port", ports.notifier());
      notifier.put("notifier.links-base-url", responseUrl);
      notifier.put("notifier.response-base-url", responseUrl);
      notifier.put("notifier.twilio.status-callback-url", notifierUrl + "/twilio/status");
      notifier.put("notifier.channels.email.provider", "SMTP");
      notifier.put("spring.mail.host", options.host());
      notifier.put("spring.mail.port", mail.port());
      notifier.put("notifier.hospitals.HCHM.email-from", "Hospital de Chillán <citas@hchm.example.cl>");
      notifier.put("notifier.hospitals.HLS.email-from", "Hospital de La Serena <citas@hls.example.cl>");
      notifier.put("notifier.sandbox.without-whatsapp", String.join(",", WITHOUT_WHATSAPP));
      // The sandbox stands for the providers, and a provider does not forget: what it received survives restarts.
      notifier.put("notifier.sandbox.journal", data.resolve("sandbox").resolve("journal.jsonl"));
      starts.add(new SpringServices.Application(NotifierApplication.class, notifier, keys.beans()));
      starts.add(new SpringServices.Application(ResponseApplication.class, Map.of(
          "server.port", ports.response(),
          "contactability.response.public-base-url", responseUrl,
          "contactability.response.twilio.auth-tokens", ConsoleProperties.Sandbox.DEVELOPMENT_AUTH_TOKEN,
          "contactability.response.streams.state-dir", streams.resolve("response")), keys.beans()));
      starts.add(new SpringServices.Application(WaitlistApplication.class, Map.of(
          "server.port", ports.waitlist(),
          "waitlist.streams.state-dir", streams.resolve("waitlist"),
          // Its repartition topics have the count they were made with: Kafka Streams refuses to start on any other.
          "waitlist.streams.partitions", topicPartitions), Map.of()));
    }

    endpoints = new Endpoints(consoleUrl + "/", registryUrl,
        broker.bootstrapServers(), postgres.database().jdbcUrl(), PlatformOptions.HIS_USER,
        PlatformOptions.HIS_PASSWORD, "postgresql://" + PlatformOptions.HIS_USER + ":" + PlatformOptions.HIS_PASSWORD
            + "@" + postgres.host() + ":" + postgres.port() + "/" + PlatformOptions.HIS_DATABASE,
        options.services() ? ports : null, options.host() + ":" + mail.port(), issuer);
    Map<String, Object> console = new LinkedHashMap<>();
    console.put("server.port", consolePort);
    console.put("spring.autoconfigure.exclude", "");
    console.put("contactability.console.sandbox.enabled", options.services());
    console.put("contactability.console.sandbox.notifier-url", notifierUrl);
    console.put("contactability.console.sandbox.response-url", responseUrl);
    console.put(LOGIN + "registration.platform.client-id", DemoIdentities.CONSOLE_CLIENT);
    console.put(LOGIN + "registration.platform.client-secret", DemoIdentities.CONSOLE_SECRET);
    console.put(LOGIN + "registration.platform.authorization-grant-type", "authorization_code");
    console.put(LOGIN + "registration.platform.redirect-uri", consoleUrl + CONSOLE_LOGIN_REDIRECT);
    console.put(LOGIN + "registration.platform.scope", "openid,profile");
    console.put(LOGIN + "provider.platform.issuer-uri", issuer);
    Map<String, Object> consoleBeans = new LinkedHashMap<>(keys.beans());
    consoleBeans.putAll(Map.of("clockStore", clockStore, "hisDataSource", postgres.dataSource(), "mailbox", mail));
    starts.add(new SpringServices.Application(ConsoleApplication.class, console, consoleBeans));
    applications.startSideBySide(starts);
    if (history) {
      DemoSummary.Story story = demo.story();
      historySummary = DemoHistory.run(clockStore, DemoData.DEFAULT_ZONE, postgres.dataSource(), applications.contexts(),
          options.demoHistoryWeeks(), options.demoHistoryDaily(), options.demoSeed(),
          java.util.Set.of(story.juanSoto().patient().id(), story.mariaFuentes().patient().id(),
              story.pedroArayaCardiologia().patient().id(), story.rosaMunoz().patient().id(),
              story.luisAlfaro().patient().id()),
          story.mariaFuentes().hospitalCode() + "/" + story.mariaFuentes().specialty());
    }
    startupDuration = Duration.ofNanos(System.nanoTime() - began);
  }

  private void startHis(Path data, Clock baseClock, boolean history) {
    postgres = EmbeddedPostgres.builder()
        .port(options.postgresPort())
        .dataDirectory(data.resolve("postgres"))
        .user(PlatformOptions.HIS_USER)
        .password(PlatformOptions.HIS_PASSWORD)
        .database(PlatformOptions.HIS_DATABASE)
        .stopOnJvmExit(false)
        .start();
    ReferenceHisSchema.migrate(postgres.dataSource());
    hisReused = !new ReferenceHis(postgres.dataSource(), baseClock).isEmpty();
    if (options.demoData() && !hisReused) {
      // Relative to today even when the clock starts in the past: these are the appointments still to come.
      demo = new DemoData(history ? baseClock : clockStore.clock(), DemoData.DEFAULT_ZONE, options.demoSeed())
          .fill(postgres.dataSource());
      // Counts only: the summary's story holds patients' names and phones.
      log.info("Filled the HIS with demo data: {} sites, {} professionals, {} patients, {} appointments, {} waiting-list"
          + " entries", demo.sites(), demo.professionals(), demo.patients(), demo.appointments(), demo.waitlistEntries());
    }
  }

  private void startIdentityProvider(int identityPort, String issuer, String consoleUrl) {
    identityProvider = new SpringServices(clockStore.clock(), Map.of());
    identityProvider.start(IdentityProviderApplication.class, Map.of(
        "spring.main.banner-mode", "off",
        "spring.autoconfigure.exclude", LOG_EVENT_METRICS,
        "spring.main.web-application-type", "servlet",
        // The console's pages are on the shared classpath: the identity provider serves none of them.
        "spring.web.resources.add-mappings", "false",
        "server.address", options.listen(),
        "server.port", identityPort,
        "spring.security.oauth2.authorizationserver.issuer", issuer,
        "contactability.identity.console-redirect-uri", consoleUrl + CONSOLE_LOGIN_REDIRECT), Map.of());
  }

  /** Runs {@code step} on a thread of its own; {@link #close()} waits for it, so that nothing starts after it. */
  private CompletableFuture<Void> inBackground(String name, Runnable step) {
    CompletableFuture<Void> done = OwnThread.run("platform-" + name, step);
    background.add(done);
    return done;
  }

  /**
   * The partitions of the catalogue's topics as the broker has them: {@code --partitions} for a data directory made
   * now, the count it was made with for an older one (provisioning never changes the partitions of a topic).
   */
  private int partitionsOfTheData(Admin admin, TopicNaming naming) {
    String topic = naming.name(Topics.APPOINTMENT_DECISIONS);
    int found;
    try {
      found = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()
          .size();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Could not read the partitions of " + topic + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while reading the partitions of " + topic, e);
    }
    if (found != Math.min(options.partitions(), Topics.APPOINTMENT_DECISIONS.partitions())) {
      log.info("The topics of this data directory have {} partitions each, as they were made; --partitions={} applies"
          + " to a new data directory (--fresh)", found, options.partitions());
    }
    return found;
  }

  public Endpoints endpoints() {
    return endpoints;
  }

  /**
   * The platform's Spring applications (not the identity provider) by the simple name of their class:
   * the end-to-end tests read which endpoints each serves.
   */
  public Map<String, org.springframework.context.ConfigurableApplicationContext> applications() {
    return applications.contexts();
  }

  public ClockStore clockStore() {
    return clockStore;
  }

  /** The demo data filled at this start; null when the data directory already held a HIS. */
  public DemoSummary demo() {
    return demo;
  }

  /**
   * What the data directory holds at this start, as the banner says it: wiped by {@code --fresh} or
   * not, then a new demo, an empty HIS ({@code --demo=false}) or the HIS of an earlier start.
   */
  public String dataDescription() {
    String contents = demo != null ? "new demo data"
        : hisReused ? "reused; --fresh starts a new demo" : "empty HIS, no demo data (--demo=false)";
    return options.fresh() ? "wiped by --fresh; " + contents : contents;
  }

  /** What the demo's history lived at this start, in words for the banner; null when none ran. */
  public String historyDescription() {
    if (historySummary == null) {
      return null;
    }
    DemoHistory.Summary h = historySummary;
    return h.weeks() + " past weeks simulated (" + h.booked() + " appointments booked, " + h.confirmed() + " confirmed, "
        + h.cancelled() + " cancelled, " + h.attended() + " attended, " + h.noShows() + " no-shows; "
        + h.took().toSeconds() + " s): see /resultados";
  }

  /** The partitions of the catalogue's topics in this data directory (those the catalogue gives more than one). */
  public int topicPartitions() {
    return topicPartitions;
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
    background.forEach(step -> step.exceptionally(failure -> null).join());
    closeQuietly("applications", applications);
    applications = null;
    closeQuietly("key ring", keys);
    keys = null;
    closeQuietly("identity provider", identityProvider);
    identityProvider = null;
    closeQuietly("mail server", mail);
    mail = null;
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
    return FreePorts.pick();
  }
}
