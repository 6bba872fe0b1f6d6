package org.contactability.hisconnector.adapters;

import java.util.concurrent.TimeUnit;

/** Tells a supervising thread to stop, and cuts short the pause it is in when told. */
public final class StopSignal {

  private volatile boolean stopping;

  public boolean stopping() {
    return stopping;
  }

  /** Clears the signal before the thread is started again. */
  public void clear() {
    stopping = false;
  }

  public synchronized void raise() {
    stopping = true;
    notifyAll();
  }

  /** Waits this long, or less if the signal is raised meanwhile. */
  public synchronized void pause(long millis) {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    long left;
    while (!stopping && (left = until - System.nanoTime()) > 0) {
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
