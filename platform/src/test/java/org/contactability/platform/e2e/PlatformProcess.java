package org.contactability.platform.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.contactability.platform.PlatformMain;

/**
 * The embedded platform as a process of its own, the way a hospital runs it ({@link PlatformMain}, what
 * {@code bin/platform}'s jar runs, on this module's classpath with the launcher's JVM options), on fixed
 * ports and one data directory, so that it can be killed with {@code kill -9} and started again on the
 * same data. Its output goes to {@code platform.log} in the data directory, one run after the other.
 */
final class PlatformProcess implements AutoCloseable {

  /** Identity provider, console, registry, Kafka, PostgreSQL, mail, then the five services. */
  private static final int PORTS = 11;
  /** A start takes half a minute on two free cores; several times that on a machine shared by many builds. */
  private static final Duration START_PATIENCE = Duration.ofMinutes(8);

  private final Path data;
  private final int base;
  private final List<String> options;
  private final List<String> systemProperties = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Process process;
  private int starts;

  private PlatformProcess(Path data, int base, List<String> options) {
    this.data = data;
    this.base = base;
    this.options = options;
  }

  /** A platform with an empty HIS on a fresh data directory and a block of free ports; not started yet. */
  static PlatformProcess on(Path data) {
    return on(data, "--demo=false");
  }

  /** The same with these options ({@code --name=value}) instead of an empty HIS. */
  static PlatformProcess on(Path data, String... options) {
    return new PlatformProcess(data, freePortBlock(), List.of(options));
  }

  /**
   * Sets a Java system property at every start of this platform. The services' Spring configuration reads system
   * properties, so a {@code notifier.*} property set here holds from the first moment of each start.
   */
  PlatformProcess withSystemProperty(String name, Object value) {
    systemProperties.add("-D" + name + "=" + value);
    return this;
  }

  Path data() {
    return data;
  }

  String console() {
    return "http://localhost:" + (base + 1) + "/";
  }

  String identityProvider() {
    return "http://localhost:" + base;
  }

  int postgresPort() {
    return base + 4;
  }

  int responsePort() {
    return base + 9;
  }

  Path journal() {
    return data.resolve("sandbox").resolve("journal.jsonl");
  }

  /**
   * Starts the platform and waits until it is healthy: the console and every service answer {@code UP} on
   * {@code /actuator/health}. Returns how long that took from the moment the process was started.
   */
  Duration startAndAwaitHealthy() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("the platform is running already");
    }
    long began = System.nanoTime();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xms256m", "-Xmx1g", "-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
        "-cp", System.getProperty("java.class.path")));
    command.addAll(systemProperties);
    command.addAll(List.of(PlatformMain.class.getName(),
        "--data-dir=" + data,
        "--identity-port=" + base, "--console-port=" + (base + 1), "--registry-port=" + (base + 2),
        "--kafka-port=" + (base + 3), "--postgres-port=" + (base + 4), "--mail-port=" + (base + 5),
        "--service-ports=" + (base + 6)));
    command.addAll(options);
    try {
      Files.createDirectories(data);
      Path log = data.resolve("platform.log");
      Files.writeString(log, "==== start " + (++starts) + "\n", java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the platform", e);
    }
    long deadline = began + START_PATIENCE.toNanos();
    while (!healthy()) {
      if (!process.isAlive()) {
        throw new AssertionError("the platform exited with " + process.exitValue() + " while starting; see "
            + data.resolve("platform.log"));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the platform was not healthy within " + START_PATIENCE + "; see "
            + data.resolve("platform.log"));
      }
      sleep(Duration.ofMillis(250));
    }
    return Duration.ofNanos(System.nanoTime() - began);
  }

  /** {@code kill -9} of the platform's JVM ({@link ProcessHandle#destroyForcibly()} sends SIGKILL on Linux). */
  void kill() {
    process.toHandle().destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new AssertionError("the platform did not die of SIGKILL within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while killing the platform", e);
    }
  }

  boolean healthy() {
    for (int port : new int[] {base + 1, base + 6, base + 7, base + 8, base + 9, base + 10}) {
      try {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(
            URI.create("http://localhost:" + port + "/actuator/health")).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() != 200 || !health.body().contains("\"UP\"")) {
          return false;
        }
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /**
   * Stops the platform in order (SIGTERM: its shutdown hook stops the services, PostgreSQL and the broker);
   * if it does not stop within a minute, kills it. A PostgreSQL it leaves behind (killed, or stopped before
   * its shutdown hook was in place) is stopped too.
   */
  @Override
  public void close() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
    }
    Path pidFile = data.resolve("postgres").resolve("postmaster.pid");
    try {
      if (Files.exists(pidFile)) {
        ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).get(0).strip())).ifPresent(ProcessHandle::destroy);
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("Could not stop the PostgreSQL left by the platform: " + e);
    }
  }

  /**
   * A block of consecutive free ports, so that every restart listens where the first start did. Below Linux's
   * ephemeral range (32768 up): a port there that is free now can be any client's (or the platform's own broker's
   * controller listener, on port 0) by the next restart.
   */
  private static int freePortBlock() {
    for (int attempt = 0; attempt < 50; attempt++) {
      int first = ThreadLocalRandom.current().nextInt(20_000, 32_768 - PORTS);
      boolean free = true;
      for (int port = first; port < first + PORTS && free; port++) {
        try (ServerSocket socket = new ServerSocket(port)) {
          free = socket.getLocalPort() == port;
        } catch (IOException e) {
          free = false;
        }
      }
      if (free) {
        return first;
      }
    }
    throw new IllegalStateException("no block of " + PORTS + " free ports");
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
