package org.contactability.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;

/**
 * Free ports for the servers that must be told their port before they bind it: the services' and the console's web
 * servers and the identity provider, when the options ask for free ports (tests, benchmarks).
 *
 * <p>A port the kernel gives for port 0 lies in its ephemeral range, and that is the range it also takes the local
 * ports of outgoing connections from. Between the pick and the bind, one of the platform's own Kafka or JDBC clients
 * could connect from that very port, and the server then fails to start ("Port 33573 is already in use", seen in a
 * benchmark run). These ports are drawn below the ephemeral range, which outgoing connections never use, are checked
 * to be free, and are never handed out twice in one JVM.
 */
final class FreePorts {

  /** Clear of the fixed ports the platform and common tools use (8080, 9000, 9092, 15432, 18080...). */
  static final int LOWEST = 20_000;
  /** Linux's default start of the ephemeral range (32768 60999); the IANA range of other systems starts higher. */
  static final int DEFAULT_EPHEMERAL_START = 32_768;
  private static final Path LINUX_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final int ATTEMPTS = 500;
  private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

  private FreePorts() {
  }

  /** A port no server listens on now, below the ephemeral range, not given before in this JVM. */
  static int pick() {
    int below = ephemeralStart();
    return pick(() -> ThreadLocalRandom.current().nextInt(LOWEST, below), below);
  }

  /** The first of {@code candidates} that is free and not given before. */
  static int pick(IntSupplier candidates, int below) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int port = candidates.getAsInt();
      // A port found taken stays in the set: it is someone else's for now, and not worth a second try.
      if (GIVEN.add(port) && bindable(port)) {
        return port;
      }
    }
    throw new UncheckedIOException(new IOException("no free port found between " + LOWEST + " and " + below
        + " in " + ATTEMPTS + " attempts"));
  }

  /** Where this machine's ephemeral ports start, when it says so and leaves room below; Linux's default otherwise. */
  static int ephemeralStart() {
    try {
      int start = Integer.parseInt(Files.readString(LINUX_RANGE).trim().split("\\s+")[0]);
      return start >= LOWEST + 1_000 ? start : DEFAULT_EPHEMERAL_START;
    } catch (IOException | RuntimeException e) {
      return DEFAULT_EPHEMERAL_START;
    }
  }

  private static boolean bindable(int port) {
    // The wildcard address: taken on any address means taken for a server that may be told to listen on all.
    try (ServerSocket socket = new ServerSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
