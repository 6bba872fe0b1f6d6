package org.contactability.hisconnector.support;

import org.springframework.context.SmartLifecycle;

/**
 * Runs {@code stop} when the test's application context closes, after the service's own
 * components stopped (the lowest phase stops last): for servers a test class runs for itself,
 * which must outlive the clients that use them.
 */
public final class StopsLast implements SmartLifecycle {

  private final Runnable stop;
  private volatile boolean running;

  public StopsLast(Runnable stop) {
    this.stop = stop;
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    stop.run();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return Integer.MIN_VALUE;
  }
}
