package org.contactability.testkit;

import java.util.Arrays;
import java.util.Locale;

/**
 * Where the shared broker and database run. Chosen once per test JVM with the system property
 * {@value #PROPERTY}; {@link #EMBEDDED} unless it says otherwise.
 */
public enum Backend {

  /** In this JVM (Kafka) and as a child process from Maven Central binaries (PostgreSQL). What CI runs. */
  EMBEDDED,

  /** Docker containers through Testcontainers ({@code apache/kafka}, {@code postgres}); needs a Docker engine. */
  TESTCONTAINERS;

  public static final String PROPERTY = "contactability.testkit.backend";

  /** The backend the system property selects. */
  public static Backend selected() {
    String value = System.getProperty(PROPERTY, EMBEDDED.name()).trim().toUpperCase(Locale.ROOT);
    try {
      return valueOf(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("-D" + PROPERTY + "=" + System.getProperty(PROPERTY)
          + " is not one of " + Arrays.toString(values()).toLowerCase(Locale.ROOT), e);
    }
  }
}
