package org.contactability.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.contactability.deploy.ServiceCatalogue.Service;

/**
 * The key-encryption keyset of patient data (docs/privacy.md) in a deployment: every service that seals or opens
 * patient data (its configuration imports {@code PrivacyConfiguration}) must read the same keyset, or use one KMS, or
 * none can open what another sealed.
 */
final class KeysetChecks {

  static final String PROVIDER = "contactability.privacy.kek.provider";
  static final String KEYSET_FILE = "contactability.privacy.kek.local.keyset-file";

  private KeysetChecks() {
  }

  /**
   * The keyset file a service reads with the local provider, or empty when it seals nothing or uses a KMS (recorded
   * in {@code keysets} as such); a problem when it leaves the file at its default, which is the container's own.
   */
  static Optional<String> keysetFile(String where, Service service, Settings settings, Map<String, String> keysets,
      List<String> problems) {
    if (!sealsPatientData(service)) {
      return Optional.empty();
    }
    String provider = settings.value(PROVIDER);
    if (provider != null && !provider.equalsIgnoreCase("LOCAL")) {
      keysets.put(service.name(), "KMS " + provider.toUpperCase(Locale.ROOT));
      return Optional.empty();
    }
    String file = settings.value(KEYSET_FILE);
    if (file == null) {
      problems.add(where + ": " + service.name() + " seals patient data with a local keyset but leaves " + KEYSET_FILE
          + " (" + Settings.environmentVariable(KEYSET_FILE) + ") at its default under the temporary directory:"
          + " it would make a keyset of its own");
      return Optional.empty();
    }
    return Optional.of(file);
  }

  /** Whether the service's configuration imports the key ring (the scheduler and the waiting list only copy values). */
  static boolean sealsPatientData(Service service) {
    Path sources = service.module().resolve("src/main/java");
    try (Stream<Path> files = Files.walk(sources)) {
      return files.filter(f -> f.toString().endsWith(".java"))
          .anyMatch(f -> read(f).contains("@Import(PrivacyConfiguration.class)"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A problem when the services' keysets (service to where it reads it) are not one and the same. */
  static void checkShared(String deployment, Map<String, String> keysets, List<String> problems) {
    if (keysets.values().stream().distinct().count() > 1) {
      problems.add(deployment + ": the services that seal and open patient data read different keysets " + keysets
          + "; they must share one (or one KMS)");
    }
  }
}
