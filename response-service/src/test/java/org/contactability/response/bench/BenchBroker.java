package org.contactability.response.bench;

import java.nio.file.Files;
import java.nio.file.Path;

import org.contactability.embedded.EmbeddedKafkaBroker;

/**
 * The broker of {@code bench/webhook-load.sh}, in a JVM of its own so that the service's CPU is measured
 * apart from the broker's. Writes its address to {@code <dir>/bootstrap} and runs until {@code <dir>/stop-broker}
 * appears (after the service stopped).
 */
public final class BenchBroker {

  private BenchBroker() {
  }

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "target/bench").toAbsolutePath();
    Files.createDirectories(out);
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start()) {
      Files.writeString(out.resolve("bootstrap"), broker.bootstrapServers());
      while (!Files.exists(out.resolve("stop-broker"))) {
        Thread.sleep(200);
      }
    }
  }
}
