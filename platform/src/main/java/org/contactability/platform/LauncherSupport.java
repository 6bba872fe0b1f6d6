package org.contactability.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.core.env.StandardEnvironment;

/** What both launchers ({@code bin/platform} and {@code bin/cluster}) do with their data directory and their logging. */
public final class LauncherSupport {

  private LauncherSupport() {
  }

  /**
   * Spring Boot sets the logging system up when its first application starts, and until it has, a filter drops every
   * log line of the JVM: the lines of what starts beside that first application (the HIS database, the broker) would
   * be lost. Set up once, before anything starts beside anything else; every application then finds it done.
   */
  public static void setUpLogging() {
    LoggingSystem logging = LoggingSystem.get(LauncherSupport.class.getClassLoader());
    logging.beforeInitialize();
    logging.initialize(new LoggingInitializationContext(new StandardEnvironment()), null, null);
  }

  public static void createDirectories(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create the data directory " + directory, e);
    }
  }

  /** Deletes {@code directory} and everything in it ({@code --fresh}); nothing when it does not exist. */
  public static void deleteRecursively(Path directory) {
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
