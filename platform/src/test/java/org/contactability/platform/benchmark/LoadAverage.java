package org.contactability.platform.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's 1-minute load average, as {@code uptime} shows it: benchmarks print it beside their figures. */
final class LoadAverage {

  private LoadAverage() {
  }

  static String now() throws IOException {
    return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
  }
}
