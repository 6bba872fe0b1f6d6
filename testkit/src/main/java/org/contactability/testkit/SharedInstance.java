package org.contactability.testkit;

import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One resource per test JVM, started on first use by whichever thread asks first; the others wait
 * for it. A failed start is remembered, so that every later test fails at once with the first
 * cause instead of trying (and waiting) again. Stopping forgets the resource, so a later session
 * in the same JVM starts a new one.
 */
final class SharedInstance<T extends AutoCloseable> {

  private static final Logger log = LoggerFactory.getLogger(SharedInstance.class);

  private final String name;
  private final Supplier<T> starter;
  private T instance;
  private RuntimeException startFailure;

  SharedInstance(String name, Supplier<T> starter) {
    this.name = name;
    this.starter = starter;
  }

  synchronized T get() {
    if (instance != null) {
      return instance;
    }
    if (startFailure != null) {
      throw new IllegalStateException("The shared " + name + " failed to start earlier in this test JVM: "
          + startFailure.getMessage(), startFailure);
    }
    try {
      instance = starter.get();
    } catch (RuntimeException e) {
      startFailure = e;
      throw e;
    }
    return instance;
  }

  synchronized boolean isStarted() {
    return instance != null;
  }

  synchronized void stop() {
    startFailure = null;
    if (instance == null) {
      return;
    }
    try {
      instance.close();
    } catch (Exception e) {
      log.warn("Stopping the shared {} failed: {}", name, e.toString());
    } finally {
      instance = null;
    }
  }
}
