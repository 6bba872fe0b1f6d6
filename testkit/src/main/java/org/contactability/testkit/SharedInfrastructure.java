package org.contactability.testkit;

import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the shared infrastructure when the JUnit Platform launcher session ends, in the order that
 * avoids errors at exit: resources registered with {@link #closeAtSessionEnd(AutoCloseable)} (last
 * registered first), then PostgreSQL, then the broker.
 *
 * <p>Registered in {@code META-INF/services}, so every module that has the test kit on its test
 * class path gets it. Not a JVM shutdown hook: the JVM runs hooks concurrently, and a broker torn
 * down while the JVM exits races its own log deletion.
 */
public final class SharedInfrastructure implements LauncherSessionListener {

  private static final Logger log = LoggerFactory.getLogger(SharedInfrastructure.class);

  private static final Deque<AutoCloseable> SESSION_RESOURCES = new ConcurrentLinkedDeque<>();

  /**
   * Closes a resource that lives as long as the test session (a cached Spring context, a Kafka
   * Streams instance shared by several classes) before the broker and database stop, so that it
   * does not fail against a server that is gone. Components a single test class starts should be
   * closed by that class instead.
   */
  public static void closeAtSessionEnd(AutoCloseable resource) {
    SESSION_RESOURCES.push(Objects.requireNonNull(resource, "resource"));
  }

  /** Which backend this JVM's shared broker and database use. */
  public static Backend backend() {
    return Backend.selected();
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    stopAll();
  }

  static synchronized void stopAll() {
    boolean anything = SharedKafka.isStarted() || SharedPostgres.isStarted() || !SESSION_RESOURCES.isEmpty();
    if (!anything) {
      return;
    }
    long began = System.nanoTime();
    AutoCloseable resource;
    while ((resource = SESSION_RESOURCES.poll()) != null) {
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("Closing {} at the end of the test session failed: {}", resource, e.toString());
      }
    }
    SharedKafka.stopAdmin();
    SharedPostgres.stop();
    SharedKafka.stop();
    log.info("Shared test infrastructure stopped in {} ms", (System.nanoTime() - began) / 1_000_000);
  }
}
