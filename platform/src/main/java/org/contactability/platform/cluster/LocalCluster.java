package org.contactability.platform.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.contactability.common.time.OffsetFileClock;
import org.contactability.common.time.WallClock;
import org.contactability.embedded.EmbeddedPostgres;
import org.contactability.notifier.adapters.sandbox.SandboxInbox;
import org.contactability.notifier.adapters.sandbox.SandboxJournal;
import org.contactability.notifier.adapters.sandbox.SandboxServer;
import org.contactability.platform.LauncherSupport;
import org.contactability.platform.identity.IdentityProviderApplication;
import org.contactability.schemas.registry.InMemorySchemaRegistry;
import org.contactability.schemas.registry.SchemaRegistryHttpServer;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The platform as a hospital runs it, on this machine and without Docker: three Kafka brokers in JVMs of their own,
 * PostgreSQL with the reference HIS (filled by the HIS init job's jar), the schema registry, the identity provider,
 * the provider stand-in both notifiers share, and every service from its own executable jar as its own process,
 * several instances each, with the environment {@link ClusterEnvironment} makes from docker-compose.yml. Stops in reverse: services, brokers, the rest.
 */
public final class LocalCluster implements AutoCloseable {

  /** Small heaps and C1 only: a dozen JVMs share two cores, and C2 would spend them on code that barely runs. */
  private static final List<String> SERVICE_JVM = List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
      "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError");
  private static final List<String> BROKER_JVM = List.of("-Xms128m", "-Xmx384m", "-XX:+UseSerialGC",
      "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError");
  private static final Duration START_TIMEOUT = Duration.ofMinutes(6);
  /** The notifier's own sandbox bounds (notifier.sandbox.recipients, .per-recipient defaults). */
  private static final int SANDBOX_RECIPIENTS = 10_000;
  private static final int SANDBOX_PER_RECIPIENT = 200;

  private final Path root;
  private final ClusterLayout layout;
  private final Descriptors descriptors;
  private final ClusterEnvironment environment;
  private final List<ChildProcess> brokers = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, ChildProcess> instances = Collections.synchronizedMap(new LinkedHashMap<>());
  private EmbeddedPostgres postgres;
  private SchemaRegistryHttpServer registry;
  private SandboxServer sandbox;
  private ConfigurableApplicationContext identityProvider;
  private Duration startupDuration;

  private LocalCluster(Path root, ClusterLayout layout, Descriptors descriptors) {
    this.root = root;
    this.layout = layout;
    this.descriptors = descriptors;
    this.environment = new ClusterEnvironment(descriptors, layout);
  }

  /** Starts it all; on failure stops what had started and rethrows. */
  public static LocalCluster start(Path root, ClusterLayout layout, Descriptors descriptors, boolean fresh) {
    LocalCluster cluster = new LocalCluster(root, layout, descriptors);
    try {
      cluster.startAll(fresh);
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  private void startAll(boolean fresh) {
    long began = System.nanoTime();
    Path data = layout.data().toAbsolutePath();
    if (fresh) {
      LauncherSupport.deleteRecursively(data);
    }
    LauncherSupport.createDirectories(data.resolve("logs"));
    LauncherSupport.setUpLogging();
    // The brokers take longest: they go first, the HIS and the identity provider start beside them.
    String clusterId = descriptors.composeEnvironment("kafka").get("CLUSTER_ID");
    for (int node = 1; node <= ClusterLayout.BROKERS; node++) {
      Path properties = data.resolve("kafka-" + node + ".properties");
      try {
        ClusterBroker.write(ClusterBroker.settings(descriptors, layout, node), properties);
      } catch (IOException e) {
        throw new UncheckedIOException("Could not write " + properties, e);
      }
      List<String> command = new ArrayList<>(List.of(java()));
      command.addAll(BROKER_JVM);
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), ClusterBroker.class.getName(),
          properties.toString(), clusterId));
      brokers.add(ChildProcess.start("kafka-" + node, command, Map.of(), data.resolve("logs").resolve("kafka-" + node + ".log")));
    }
    CompletableFuture<Void> his = CompletableFuture.runAsync(() -> startHis(data));
    CompletableFuture<Void> identity = CompletableFuture.runAsync(this::startIdentityProvider);
    try {
      registry = SchemaRegistryHttpServer.start(InMemorySchemaRegistry.journaled("cluster", data.resolve("schemas.jsonl")),
          "127.0.0.1", layout.registryPort());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not serve the schema registry on port " + layout.registryPort(), e);
    }
    try {
      sandbox = SandboxServer.start(new SandboxInbox(SANDBOX_RECIPIENTS, SANDBOX_PER_RECIPIENT,
          SandboxJournal.open(layout.sandboxJournal())), "127.0.0.1", layout.sandboxPort());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not serve the provider stand-in on port " + layout.sandboxPort(), e);
    }
    provisionTopics();
    his.join();
    identity.join();
    for (ClusterLayout.Instance instance : layout.allInstances()) {
      List<String> command = new ArrayList<>(List.of(java()));
      command.addAll(SERVICE_JVM);
      command.addAll(List.of("-jar", executableJar(instance.dockerTarget()).toString()));
      LauncherSupport.createDirectories(layout.instanceDirectory(instance));
      instances.put(instance.name(), ChildProcess.start(instance.name(), command, environment.of(instance),
          data.resolve("logs").resolve(instance.name() + ".log")));
    }
    for (ClusterLayout.Instance instance : layout.allInstances()) {
      awaitReady(instance);
    }
    startupDuration = Duration.ofNanos(System.nanoTime() - began);
  }

  /** The HIS database with the compose's database, user and password, then the HIS init job's jar fills it. */
  private void startHis(Path data) {
    Map<String, String> database = descriptors.composeEnvironment("postgres");
    postgres = EmbeddedPostgres.builder()
        .port(layout.postgresPort())
        .dataDirectory(data.resolve("postgres"))
        .user(database.get("POSTGRES_USER"))
        .password(database.get("POSTGRES_PASSWORD"))
        .database(database.get("POSTGRES_DB"))
        .stopOnJvmExit(false)
        .start();
    List<String> command = new ArrayList<>(List.of(java()));
    command.addAll(SERVICE_JVM);
    command.addAll(List.of("-jar", executableJar("his-init").toString()));
    ChildProcess init = ChildProcess.start("his-init", command, environment.hisInit(),
        data.resolve("logs").resolve("his-init.log"));
    int exit = waitFor(init);
    if (exit != 0) {
      throw new IllegalStateException("The HIS init job ended with " + exit + "; see " + init.log());
    }
  }

  private void startIdentityProvider() {
    String consoleRedirect = environment.of(new ClusterLayout.Instance(ClusterLayout.CONSOLE, 1, ClusterLayout.CONSOLE))
        .get("SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_PLATFORM_REDIRECTURI");
    identityProvider = new SpringApplicationBuilder(IdentityProviderApplication.class)
        .bannerMode(Banner.Mode.OFF)
        .registerShutdownHook(false)
        .run("--spring.main.web-application-type=servlet",
            "--spring.web.resources.add-mappings=false",
            // The classpath holds every service's application.yml: the identity provider reads none of them.
            "--spring.config.location=optional:classpath:/identity-provider/",
            "--server.address=127.0.0.1",
            "--server.port=" + layout.identityPort(),
            "--spring.security.oauth2.authorizationserver.issuer=" + layout.issuer(),
            "--contactability.identity.console-redirect-uri=" + consoleRedirect);
  }

  /** The manifests' KafkaTopics, as Strimzi's topic operator makes them: partitions, replicas, configuration. */
  private void provisionTopics() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, layout.bootstrapServers()))) {
      while (brokersJoined(admin) < ClusterLayout.BROKERS) {
        failIfDead(brokers);
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("The three brokers did not all join in " + START_TIMEOUT);
        }
        Thread.sleep(250);
      }
      List<NewTopic> topics = descriptors.strimziTopics().stream()
          .map(topic -> new NewTopic(topic.name(), topic.partitions(), (short) topic.replicas()).configs(topic.config()))
          .toList();
      for (var created : admin.createTopics(topics).values().values()) {
        try {
          created.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("Could not create the catalogue's topics: " + e.getCause(), e.getCause());
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while provisioning the topics", e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("The brokers at " + layout.bootstrapServers() + " did not make the topics: " + e, e);
    }
  }

  /** How many brokers the cluster has registered; none while no broker answers yet (JVMs still starting). */
  private static int brokersJoined(Admin admin) throws InterruptedException {
    try {
      return admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size();
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      return 0;
    }
  }

  /** Ready as compose's health check and the manifests' readiness probe say: {@code /actuator/health/readiness}. */
  private void awaitReady(ClusterLayout.Instance instance) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI readiness = URI.create(layout.url(instance.service(), instance.number()) + "/actuator/health/readiness");
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    ChildProcess process = instances.get(instance.name());
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(instance.name() + " ended while starting; see " + process.log());
      }
      try {
        if (http.send(HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for " + instance.name(), e);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(instance.name() + " was not ready in " + START_TIMEOUT + "; see " + process.log());
      }
      sleep(500);
    }
  }

  /** The jar the Dockerfile's build stage copies for {@code target}: {@code <module>/target/<module>-*-exec.jar}. */
  private Path executableJar(String target) {
    String module = target.equals("his-init") ? "deploy-tools" : target;
    try (Stream<Path> files = Files.list(root.resolve(module).resolve("target"))) {
      return files.filter(file -> file.getFileName().toString().matches(Pattern.quote(module) + "-.*-exec\\.jar"))
          .findFirst().orElseThrow(() -> new IllegalStateException("No executable jar of " + module + " under "
              + root.resolve(module).resolve("target") + "; build it: ./mvnw -DskipTests package"));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not look for the jar of " + module, e);
    }
  }

  /** Moves every process's clock {@code by} ahead, as {@code /api/clock/advance} moves the embedded platform's. */
  public void advanceClock(Duration by) {
    Path file = layout.clockOffsetFile().toAbsolutePath();
    try {
      Duration offset = Files.exists(file) ? Duration.parse(Files.readString(file).trim()) : Duration.ZERO;
      OffsetFileClock.write(file, offset.plus(by));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not move the cluster's clock in " + file, e);
    }
  }

  /** The clock every process of the cluster reads. */
  public java.time.Clock clock() {
    return OffsetFileClock.on(WallClock.utc(), layout.clockOffsetFile().toAbsolutePath());
  }

  public ClusterLayout layout() {
    return layout;
  }

  public Duration startupDuration() {
    return startupDuration;
  }

  /** The running process of instance {@code name} ({@code scheduler-service-2}...), or of broker {@code kafka-n}. */
  public ChildProcess process(String name) {
    ChildProcess instance = instances.get(name);
    if (instance != null) {
      return instance;
    }
    return brokers.stream().filter(broker -> broker.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No process " + name));
  }

  /**
   * Starts the ended process {@code name} again with its command and environment, as Kubernetes restarts a pod, and
   * returns once it is ready (an instance: its readiness probe; a broker: its JVM running).
   */
  public ChildProcess restart(String name) {
    ChildProcess ended = process(name);
    if (ended.isAlive()) {
      throw new IllegalStateException(name + " is still running");
    }
    ChildProcess started = ended.startAgain();
    if (instances.containsKey(name)) {
      instances.put(name, started);
      layout.allInstances().stream().filter(instance -> instance.name().equals(name)).findFirst()
          .ifPresent(this::awaitReady);
    } else {
      brokers.set(brokers.indexOf(ended), started);
    }
    return started;
  }

  /** Where everything is, as the banner prints it. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    String console = layout.url(ClusterLayout.CONSOLE, 1) + "/";
    line(text, "Ops console", console + "  (log in as viewer/viewer, operator/operator or admin/admin)");
    line(text, "Identity provider", layout.issuer() + "  (a script's token: curl -s -u admin-script:admin-secret"
        + " -d grant_type=client_credentials " + layout.issuer() + "/oauth2/token)");
    line(text, "Kafka (3 brokers)", layout.bootstrapServers());
    line(text, "Schema registry", "http://localhost:" + layout.registryPort());
    line(text, "Provider stand-in", layout.sandboxUrl() + "  (the sandbox both notifiers send to; journal "
        + layout.sandboxJournal() + ")");
    line(text, "HIS database", "postgresql://" + postgres.user() + ":" + postgres.password() + "@localhost:"
        + postgres.port() + "/" + descriptors.composeEnvironment("postgres").get("POSTGRES_DB"));
    for (ClusterLayout.Instance instance : layout.allInstances()) {
      ChildProcess process = instances.get(instance.name());
      line(text, instance.name(), layout.url(instance.service(), instance.number()) + "/actuator/health  (pid "
          + process.pid() + ", log " + process.log() + ")");
    }
    for (ChildProcess broker : brokers) {
      line(text, broker.name(), "pid " + broker.pid() + ", log " + broker.log());
    }
    return text.toString();
  }

  private static void line(StringBuilder text, String what, String where) {
    text.append("  ").append(what).append(' ').append(".".repeat(Math.max(2, 22 - what.length()))).append(' ')
        .append(where).append(System.lineSeparator());
  }

  /** Services first (they flush their work to the brokers), then the brokers, then the rest; each group side by side. */
  @Override
  public synchronized void close() {
    List<ChildProcess> services = new ArrayList<>(instances.values());
    Collections.reverse(services);
    stopSideBySide(services, 60);
    instances.clear();
    stopSideBySide(new ArrayList<>(brokers), 60);
    brokers.clear();
    if (registry != null) {
      registry.close();
      registry = null;
    }
    if (sandbox != null) {
      sandbox.close();
      sandbox = null;
    }
    if (identityProvider != null) {
      identityProvider.close();
      identityProvider = null;
    }
    if (postgres != null) {
      postgres.close();
      postgres = null;
    }
  }

  private static void stopSideBySide(List<ChildProcess> processes, long seconds) {
    processes.forEach(ChildProcess::requestStop);
    processes.forEach(process -> process.awaitStop(seconds));
  }

  private static void failIfDead(List<ChildProcess> processes) {
    for (ChildProcess process : processes) {
      if (!process.isAlive()) {
        throw new IllegalStateException(process.name() + " ended while starting; see " + process.log());
      }
    }
  }

  private static int waitFor(ChildProcess process) {
    while (process.isAlive()) {
      sleep(200);
    }
    return process.exitValue();
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }
}
