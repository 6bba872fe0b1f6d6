package org.contactability.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import kafka.server.BrokerServer;
import kafka.server.ControllerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.server.Server;
import kafka.server.SharedServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.raft.QuorumConfig;
import org.apache.kafka.server.common.MetadataVersion;
import org.apache.kafka.server.fault.FaultHandler;
import org.apache.kafka.server.fault.FaultHandlerException;
import org.apache.kafka.server.fault.LoggingFaultHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * A real Kafka broker inside this JVM: one KRaft node in combined mode (broker and controller).
 *
 * <p>Assembled from the same Kafka server classes that {@link KafkaRaftServer} wires together
 * ({@link SharedServer}, {@link ControllerServer}, {@link BrokerServer}), with two differences that
 * matter in a shared JVM: the listening sockets are bound before the node is configured (so port 0
 * works for the controller quorum address too), and a fatal broker fault is logged and reported
 * by {@link #fatalFaults()} instead of halting the JVM.
 *
 * <p>Settings for one node: replication factor 1 and min ISR 1 for the internal topics (so
 * transactions and exactly-once Kafka Streams work), no initial rebalance delay, and no automatic
 * topic creation (topics come from the catalogue). Stop it with {@link #close()}, after the
 * clients that use it and never from a JVM shutdown hook: a broker torn down while the JVM exits
 * races its own log deletion.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

  private static final int NODE_ID = 1;
  private static final String PLAIN_LISTENER = "PLAINTEXT";
  private static final String SASL_LISTENER = "SASL_PLAINTEXT";
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final String META_PROPERTIES = "meta.properties";

  /** Properties this class derives from its own options; overriding them would break the node. */
  private static final Set<String> RESERVED = Set.of(
      "process.roles", "node.id", "broker.id", "listeners", "advertised.listeners",
      "listener.security.protocol.map", "controller.listener.names", "inter.broker.listener.name",
      "controller.quorum.voters", "controller.quorum.bootstrap.servers",
      "log.dir", "log.dirs", "metadata.log.dir");

  private static final String PLAIN_LOGIN = "org.apache.kafka.common.security.plain.PlainLoginModule";

  private enum State { NEW, RUNNING, CLOSED }

  private record Credentials(String user, String password) {
  }

  private static final String LOOPBACK = "127.0.0.1";

  private final String host;
  private final String listen;
  private final int requestedPort;
  private final Path requestedDataDirectory;
  private final Map<String, String> extraProperties;
  private final Credentials credentials;
  private final String brokerListener;
  private final List<String> fatalFaults = new CopyOnWriteArrayList<>();

  private State state = State.NEW;
  private Path dataDirectory;
  private boolean deleteDataOnClose;
  private PreboundSockets sockets;
  private SharedServer sharedServer;
  private ControllerServer controller;
  private BrokerServer broker;
  private int port;
  private String clusterId;
  private Duration startupDuration;

  private EmbeddedKafkaBroker(Builder builder) {
    this.host = builder.host;
    this.listen = builder.listen == null ? builder.host : builder.listen;
    this.requestedPort = builder.port;
    this.requestedDataDirectory = builder.dataDirectory;
    this.extraProperties = Map.copyOf(builder.properties);
    this.credentials = builder.credentials;
    this.brokerListener = credentials == null ? PLAIN_LISTENER : SASL_LISTENER;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Formats the data directory if it holds no broker yet, starts the node and waits until the
   * broker is registered and unfenced, so that clients can use it as soon as this returns.
   */
  public synchronized EmbeddedKafkaBroker start() {
    if (state != State.NEW) {
      throw new IllegalStateException("This broker was already started" + (state == State.CLOSED ? " and closed" : ""));
    }
    long began = System.nanoTime();
    try {
      prepareDataDirectory();
      sockets = new PreboundSockets();
      port = sockets.bind(brokerListener, listen, requestedPort);
      // The controller is this JVM's own business: loopback whatever the clients' listener is.
      int controllerPort = sockets.bind(CONTROLLER_LISTENER, LOOPBACK, 0);
      KafkaConfig config = KafkaConfig.fromProps(serverProperties(controllerPort), false);
      formatIfNew(config);
      startServers(config);
    } catch (IOException e) {
      stopAfterFailedStart();
      throw new UncheckedIOException("Could not start the embedded Kafka broker: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      stopAfterFailedStart();
      throw new IllegalStateException("Could not start the embedded Kafka broker: " + e.getMessage(), e);
    }
    if (!fatalFaults.isEmpty()) {
      stopAfterFailedStart();
      throw new IllegalStateException("The embedded Kafka broker hit a fatal fault while starting: " + fatalFaults);
    }
    state = State.RUNNING;
    startupDuration = Duration.ofNanos(System.nanoTime() - began);
    log.info("Kafka broker (KRaft, one node) started in {} ms at {}, cluster {}, data in {}",
        startupDuration.toMillis(), bootstrapServers(), clusterId, dataDirectory);
    return this;
  }

  /**
   * What a client needs besides {@code bootstrap.servers}: nothing for a plain listener; for
   * {@link Builder#saslPlain}, {@code security.protocol}, {@code sasl.mechanism} and {@code sasl.jaas.config}.
   */
  public Map<String, String> clientSecurity() {
    if (credentials == null) {
      return Map.of();
    }
    return Map.of("security.protocol", SASL_LISTENER, "sasl.mechanism", "PLAIN",
        "sasl.jaas.config", PLAIN_LOGIN + " required username=\"" + credentials.user() + "\" password=\""
            + credentials.password() + "\";");
  }

  /** {@code host:port} for the {@code bootstrap.servers} setting of clients. */
  public String bootstrapServers() {
    requireRunning();
    return host + ":" + port;
  }

  public int port() {
    requireRunning();
    return port;
  }

  public String clusterId() {
    requireRunning();
    return clusterId;
  }

  public Path dataDirectory() {
    requireRunning();
    return dataDirectory;
  }

  /** How long {@link #start()} took, from formatting to an unfenced broker. */
  public Duration startupDuration() {
    requireRunning();
    return startupDuration;
  }

  /** Fatal faults the node reported since it started; empty while it is healthy. */
  public List<String> fatalFaults() {
    return List.copyOf(fatalFaults);
  }

  public synchronized boolean isRunning() {
    return state == State.RUNNING;
  }

  /**
   * Orderly shutdown: the broker first (it flushes and closes its logs), then the controller;
   * returns when both have stopped. A fresh data directory is deleted only after that, so no
   * log is deleted under a running broker. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (state != State.RUNNING) {
      state = State.CLOSED;
      return;
    }
    state = State.CLOSED;
    long began = System.nanoTime();
    stopServers();
    deleteFreshDataDirectory();
    log.info("Kafka broker at {}:{} stopped in {} ms", host, port, Duration.ofNanos(System.nanoTime() - began).toMillis());
  }

  private void requireRunning() {
    if (state != State.RUNNING) {
      throw new IllegalStateException("The embedded Kafka broker is not running (state " + state + ")");
    }
  }

  private void prepareDataDirectory() throws IOException {
    if (requestedDataDirectory == null) {
      dataDirectory = Files.createTempDirectory("kafka-");
      deleteDataOnClose = true;
    } else {
      dataDirectory = Files.createDirectories(requestedDataDirectory.toAbsolutePath());
      deleteDataOnClose = false;
    }
  }

  private Properties serverProperties(int controllerPort) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("process.roles", "broker,controller");
    settings.put("node.id", String.valueOf(NODE_ID));
    settings.put("controller.quorum.voters", NODE_ID + "@" + LOOPBACK + ":" + controllerPort);
    settings.put("listeners", brokerListener + "://" + listen + ":" + port + "," + CONTROLLER_LISTENER + "://" + LOOPBACK + ":"
        + controllerPort);
    settings.put("advertised.listeners", brokerListener + "://" + host + ":" + port);
    settings.put("listener.security.protocol.map", brokerListener + ":" + brokerListener + ","
        + CONTROLLER_LISTENER + ":PLAINTEXT");
    settings.put("controller.listener.names", CONTROLLER_LISTENER);
    settings.put("inter.broker.listener.name", brokerListener);
    if (credentials != null) {
      // The one account is also the broker's own for the (loopback) inter-broker listener.
      settings.put("sasl.enabled.mechanisms", "PLAIN");
      settings.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
      settings.put("listener.name." + SASL_LISTENER.toLowerCase(Locale.ROOT) + ".plain.sasl.jaas.config",
          PLAIN_LOGIN + " required username=\"" + credentials.user() + "\" password=\"" + credentials.password()
              + "\" user_" + credentials.user() + "=\"" + credentials.password() + "\";");
    }
    settings.put("log.dirs", dataDirectory.toString());

    // One node: every internal topic has one replica, and one in-sync replica is enough.
    settings.put("offsets.topic.replication.factor", "1");
    settings.put("transaction.state.log.replication.factor", "1");
    settings.put("transaction.state.log.min.isr", "1");
    settings.put("share.coordinator.state.topic.replication.factor", "1");
    settings.put("share.coordinator.state.topic.min.isr", "1");
    settings.put("default.replication.factor", "1");
    settings.put("min.insync.replicas", "1");
    // Fewer partitions for the internal topics: they are created on first use, and 50 of each cost seconds.
    settings.put("offsets.topic.num.partitions", "5");
    settings.put("transaction.state.log.num.partitions", "5");

    settings.put("group.initial.rebalance.delay.ms", "0");
    settings.put("auto.create.topics.enable", "false");
    // The embedded platform's clock can be moved days ahead; records stamped with it must still be
    // accepted (Kafka 4 refuses timestamps more than an hour ahead of the broker by default).
    settings.put("log.message.timestamp.after.max.ms", Long.toString(Long.MAX_VALUE));

    // Sized for a development machine, not a data centre.
    settings.put("num.network.threads", "2");
    settings.put("num.io.threads", "4");
    settings.put("background.threads", "4");
    settings.put("log.cleaner.threads", "1");
    settings.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
    // Registration and unfencing wait for heartbeats; faster heartbeats make startup faster.
    settings.put("broker.heartbeat.interval.ms", "500");

    settings.putAll(extraProperties);
    Properties properties = new Properties();
    properties.putAll(settings);
    return properties;
  }

  private void formatIfNew(KafkaConfig config) throws IOException {
    if (Files.exists(dataDirectory.resolve(META_PROPERTIES))) {
      log.info("Reusing the formatted Kafka data directory {}", dataDirectory);
      return;
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      new Formatter()
          .setPrintStream(printStream)
          .setNodeId(NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .setControllerListenerName(CONTROLLER_LISTENER)
          .setMetadataLogDirectory(config.metadataLogDir())
          .setDirectories(List.of(dataDirectory.toString()))
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .run();
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("Formatting " + dataDirectory + " failed: " + e.getMessage(), e);
    }
    log.debug("Formatted {}: {}", dataDirectory, output.toString(StandardCharsets.UTF_8).strip());
  }

  private void startServers(KafkaConfig config) {
    Tuple2<MetaPropertiesEnsemble, BootstrapMetadata> logDirs =
        KafkaRaftServer.initializeLogDirs(config, log, "[EmbeddedKafkaBroker] ");
    MetaPropertiesEnsemble metaProperties = logDirs._1();
    clusterId = metaProperties.clusterId().orElseThrow();
    Metrics metrics = Server.initializeMetrics(config, Time.SYSTEM, clusterId);
    sharedServer = new SharedServer(
        config,
        metaProperties,
        Time.SYSTEM,
        metrics,
        CompletableFuture.completedFuture(
            QuorumConfig.parseVoterConnections(config.quorumConfig().voters())),
        List.of(),
        this::faultHandler,
        sockets);
    controller = new ControllerServer(sharedServer, KafkaRaftServer.configSchema(), logDirs._2());
    broker = new BrokerServer(sharedServer);
    controller.startup();
    broker.startup();
    if (broker.boundPort(ListenerName.normalised(brokerListener)) != port) {
      throw new IllegalStateException("The broker listens on an unexpected port");
    }
  }

  /** Like Kafka's standard handlers, except that a fatal fault is reported instead of halting the JVM. */
  private FaultHandler faultHandler(String name, boolean fatal, Runnable action) {
    if (!fatal) {
      return new LoggingFaultHandler(name, action);
    }
    return (message, cause) -> {
      log.error("Fatal fault in the embedded Kafka broker ({}): {}", name, message, cause);
      fatalFaults.add(name + ": " + message);
      action.run();
      return new FaultHandlerException(name + ": " + message, cause);
    };
  }

  private void stopAfterFailedStart() {
    stopServers();
    deleteFreshDataDirectory();
    state = State.CLOSED;
  }

  private void stopServers() {
    if (broker != null) {
      runQuietly("broker shutdown", broker::shutdown);
      runQuietly("broker shutdown wait", broker::awaitShutdown);
    }
    if (controller != null) {
      runQuietly("controller shutdown", controller::shutdown);
    }
    if (sockets != null) {
      sockets.close();
    }
    broker = null;
    controller = null;
    sharedServer = null;
  }

  private void deleteFreshDataDirectory() {
    if (deleteDataOnClose && dataDirectory != null) {
      try {
        Utils.delete(dataDirectory.toFile());
      } catch (IOException e) {
        log.warn("Could not delete the Kafka data directory {}: {}", dataDirectory, e.getMessage());
      }
    }
  }

  private static void runQuietly(String what, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      log.warn("Embedded Kafka broker: {} failed: {}", what, e.toString());
    }
  }

  /** Options of an {@link EmbeddedKafkaBroker}; every one has a default that suits tests. */
  public static final class Builder {

    private String host = LOOPBACK;
    private String listen;
    private int port;
    private Path dataDirectory;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private Credentials credentials;

    private Builder() {
    }

    /**
     * Clients must log in with SASL/PLAIN as {@code user} (see {@link EmbeddedKafkaBroker#clientSecurity()}),
     * as on a hospital's secured cluster; without it the listener is plain.
     */
    public Builder saslPlain(String user, String password) {
      if (!user.matches("[A-Za-z0-9_-]+") || password.isEmpty() || password.contains("\"")) {
        throw new IllegalArgumentException("A SASL user is letters, digits, '_' or '-', and a password is not"
            + " empty and has no '\"'");
      }
      this.credentials = new Credentials(user, password);
      return this;
    }

    /** Port of the client listener; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("Not a TCP port: " + port);
      }
      this.port = port;
      return this;
    }

    /** Address to advertise to clients, and to listen on unless {@link #listen} says otherwise; loopback by default. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** Address the client listener binds to ({@code 0.0.0.0} for every interface); {@link #host} by default. */
    public Builder listen(String listen) {
      this.listen = Objects.requireNonNull(listen, "listen");
      return this;
    }

    /**
     * A directory kept across restarts: formatted on first use, reused afterwards (same
     * cluster id, same topics and records). Without it the broker uses a fresh directory
     * under {@code java.io.tmpdir} and deletes it on close.
     */
    public Builder dataDirectory(Path dataDirectory) {
      this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
      return this;
    }

    /** Any other broker setting, applied over this class's defaults. */
    public Builder brokerProperty(String name, String value) {
      if (RESERVED.contains(name)) {
        throw new IllegalArgumentException("'" + name + "' is derived from port(), host() and dataDirectory();"
            + " it cannot be set directly");
      }
      properties.put(name, Objects.requireNonNull(value, "value"));
      return this;
    }

    public Builder brokerProperties(Map<String, String> brokerProperties) {
      brokerProperties.forEach(this::brokerProperty);
      return this;
    }

    public EmbeddedKafkaBroker build() {
      return new EmbeddedKafkaBroker(this);
    }

    /** Builds and {@linkplain EmbeddedKafkaBroker#start() starts} the broker. */
    public EmbeddedKafkaBroker start() {
      return build().start();
    }
  }
}
