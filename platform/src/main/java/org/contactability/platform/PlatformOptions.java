package org.contactability.platform;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.contactability.his.reference.DemoData;

/**
 * How to start the embedded platform. Every port has a documented default (README); 0 picks a
 * free port (tests). Given on the command line as {@code --name=value}.
 *
 * @param dataDirectory  where the broker, the HIS database, the registry journal and the clock offset live
 * @param fresh          wipe the data directory first (a new demo, two weeks of appointments from now)
 * @param host           name the platform announces in its addresses (URLs, Kafka's advertised listener,
 *                       the identity provider's issuer); {@code localhost} by default
 * @param listen         address every server binds to: loopback by default, so that nothing is reachable
 *                       from the network unless asked ({@code --listen=0.0.0.0}); PostgreSQL stays on loopback
 * @param consolePort    ops console and platform API
 * @param registryPort   schema registry (Confluent REST API)
 * @param kafkaPort      Kafka broker
 * @param postgresPort   the HIS database
 * @param demoSeed       seed of the demo data
 * @param servicePorts   port of the first service (his-connector); the others follow (scheduler,
 *                       notifier, response, waitlist); 0 picks free ports
 * @param services       start the services; without them only the HIS, the broker, the registry
 *                       and the console run (for working on one service from an IDE against the rest)
 * @param mailPort       the in-process SMTP server that receives the platform's e-mail
 * @param demoData       fill an empty HIS with demo data (off: an empty HIS, e.g. for acceptance tests)
 * @param identityPort   the embedded identity provider (OIDC, Spring Authorization Server)
 * @param demoHistoryWeeks past weeks the demo lives through the platform before it is up, when it loads new demo data
 *                       on a clock never moved (0: none); see {@link DemoHistory}
 * @param demoHistoryDaily appointments the history's clerks book per weekday
 * @param partitions     most partitions of a topic the platform creates ({@link #DEFAULT_PARTITIONS}); topics of an
 *                       existing data directory keep the counts they were made with
 */
public record PlatformOptions(
    Path dataDirectory,
    boolean fresh,
    String host,
    String listen,
    int consolePort,
    int registryPort,
    int kafkaPort,
    int postgresPort,
    long demoSeed,
    int servicePorts,
    boolean services,
    int mailPort,
    boolean demoData,
    int identityPort,
    int demoHistoryWeeks,
    int demoHistoryDaily,
    int partitions) {

  /**
   * None: a history costs minutes of start (seconds of real time per simulated step, 28 steps a week; measured in
   * docs/platform.md), too long for the README's first command. {@code --demo-history-weeks=3} asks for one.
   */
  public static final int DEFAULT_HISTORY_WEEKS = 0;
  public static final int DEFAULT_HISTORY_DAILY = 20;

  public static final String HIS_DATABASE = "his";
  public static final String HIS_USER = "his";
  public static final String HIS_PASSWORD = "his";
  public static final String REGISTRY_SCOPE = "platform";
  public static final String LOOPBACK = "127.0.0.1";
  /**
   * One broker, and one consumer or stream thread per service and group: more partitions than one would spread
   * nothing, while every partition is one more log the broker recovers after a crash and one more task, with its
   * RocksDB stores, per stream sub-topology (docs/reliability.md measures it). The catalogue's counts are for clusters.
   */
  public static final int DEFAULT_PARTITIONS = 1;

  public PlatformOptions {
    if (partitions < 1) {
      throw new IllegalArgumentException("--partitions must be at least 1, not " + partitions);
    }
  }

  public static PlatformOptions defaults() {
    return new PlatformOptions(Path.of(".platform-data"), false, "localhost", LOOPBACK, 8080, 8081, 9092, 15432,
        DemoData.DEFAULT_SEED, 8082, true, 2525, true, 9000, DEFAULT_HISTORY_WEEKS, DEFAULT_HISTORY_DAILY,
        DEFAULT_PARTITIONS);
  }

  /** Every server on a free port, no demo history: for tests that run beside other builds. */
  public static PlatformOptions ephemeral(Path dataDirectory, boolean fresh, boolean services, boolean demoData) {
    return new PlatformOptions(dataDirectory, fresh, "localhost", LOOPBACK, 0, 0, 0, 0, DemoData.DEFAULT_SEED, 0, services,
        0, demoData, 0, 0, DEFAULT_HISTORY_DAILY, DEFAULT_PARTITIONS);
  }

  /** These options with a demo history of {@code weeks} weeks and {@code daily} appointments per weekday. */
  public PlatformOptions withDemoHistory(int weeks, int daily) {
    return new PlatformOptions(dataDirectory, fresh, host, listen, consolePort, registryPort, kafkaPort, postgresPort,
        demoSeed, servicePorts, services, mailPort, demoData, identityPort, weeks, daily, partitions);
  }

  /** Options from {@code --name=value} arguments over the defaults; unknown names are refused. */
  public static PlatformOptions parse(String... args) {
    Map<String, String> given = new LinkedHashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("Arguments look like --name=value, not " + arg);
      }
      int equals = arg.indexOf('=');
      given.put(equals < 0 ? arg.substring(2) : arg.substring(2, equals), equals < 0 ? "true" : arg.substring(equals + 1));
    }
    PlatformOptions d = defaults();
    PlatformOptions options = new PlatformOptions(
        Path.of(given.getOrDefault("data-dir", d.dataDirectory().toString())),
        Boolean.parseBoolean(given.getOrDefault("fresh", "false")),
        given.getOrDefault("host", d.host()),
        given.getOrDefault("listen", d.listen()),
        port(given, "console-port", d.consolePort()),
        port(given, "registry-port", d.registryPort()),
        port(given, "kafka-port", d.kafkaPort()),
        port(given, "postgres-port", d.postgresPort()),
        Long.parseLong(given.getOrDefault("demo-seed", Long.toString(d.demoSeed()))),
        port(given, "service-ports", d.servicePorts()),
        Boolean.parseBoolean(given.getOrDefault("services", "true")),
        port(given, "mail-port", d.mailPort()),
        Boolean.parseBoolean(given.getOrDefault("demo", "true")),
        port(given, "identity-port", d.identityPort()),
        // The outcomes keep 13 months, and a longer history would only slow the start.
        whole(given, "demo-history-weeks", d.demoHistoryWeeks(), 0, 13, "a whole number from 0 to 13"),
        whole(given, "demo-history-daily", d.demoHistoryDaily(), 1, 200, "a whole number from 1 to 200"),
        whole(given, "partitions", d.partitions(), 1, Integer.MAX_VALUE, "a whole number of at least 1"));
    given.keySet().removeAll(java.util.List.of("data-dir", "fresh", "host", "listen", "console-port", "registry-port",
        "kafka-port", "postgres-port", "demo-seed", "service-ports", "services", "mail-port", "demo",
        "identity-port", "demo-history-weeks", "demo-history-daily", "partitions"));
    if (!given.isEmpty()) {
      throw new IllegalArgumentException("Unknown options " + given.keySet() + "; known: --data-dir, --fresh, --host, --listen,"
          + " --identity-port, --console-port, --registry-port, --kafka-port, --postgres-port, --service-ports, --mail-port,"
          + " --services, --demo, --demo-seed, --demo-history-weeks, --demo-history-daily, --partitions");
    }
    return options;
  }

  /** A TCP port; 0 picks a free one. */
  private static int port(Map<String, String> given, String name, int fallback) {
    return whole(given, name, fallback, 0, 65_535, "a TCP port (0 picks a free one)");
  }

  /** The option's whole number in [min, max], or the fallback when it is not given; refused as {@code what} it must be. */
  private static int whole(Map<String, String> given, String name, int fallback, int min, int max, String what) {
    String value = given.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      int number = Integer.parseInt(value);
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // refused below, with what the option must be
    }
    throw new IllegalArgumentException("--" + name + " must be " + what + ", not " + value);
  }
}
