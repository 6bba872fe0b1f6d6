package org.contactability.hisconnector.adapters.leadership;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.contactability.hisconnector.domain.leadership.Leadership;
import org.contactability.hisconnector.domain.leadership.Leadership.Decision;
import org.contactability.hisconnector.domain.leadership.Leadership.Observation;
import org.contactability.hisconnector.domain.leadership.Leadership.Role;
import org.contactability.hisconnector.adapters.StopSignal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the capture only while this instance holds the slot's {@link AdvisoryLock}. One thread checks
 * the lock every {@code checkInterval} and applies {@link Leadership#next}: it starts the capture
 * when the lock is taken and stops it as soon as the lock session fails, before the database can
 * hand the lock to another instance. Stopping the instance stops the capture first (committing its
 * offsets) and only then releases the lock.
 */
public final class CaptureLeadership {

  private static final Logger log = LoggerFactory.getLogger(CaptureLeadership.class);

  private final String instance;
  private final String slotName;
  private final AdvisoryLock lock;
  private final Runnable startCapture;
  private final Runnable stopCapture;
  private final Duration checkInterval;
  private final Clock clock;
  private final Counter takeovers;
  private final Counter stepDowns;
  private final StopSignal signal = new StopSignal();

  private volatile Role role = Role.STANDBY;
  private volatile Instant since;
  private volatile String reason = "not started";
  private Thread checker;

  /** @param startCapture and {@code stopCapture}: the capture this instance runs while it leads */
  public CaptureLeadership(String instance, String slotName, AdvisoryLock lock, Runnable startCapture,
      Runnable stopCapture, Duration checkInterval, Clock clock, MeterRegistry meters) {
    this.instance = instance;
    this.slotName = slotName;
    this.lock = lock;
    this.startCapture = startCapture;
    this.stopCapture = stopCapture;
    this.checkInterval = checkInterval;
    this.clock = clock;
    this.since = clock.instant();
    Gauge.builder("contactability.capture.leader", this, leadership -> leadership.role == Role.ACTIVE ? 1 : 0)
        .description("1 while this instance holds the slot's lock and captures, 0 while it stands by")
        .register(meters);
    this.takeovers = Counter.builder("contactability.capture.leadership.changes").tag("to", "active")
        .description("times this instance took or gave up the capture").register(meters);
    this.stepDowns = Counter.builder("contactability.capture.leadership.changes").tag("to", "standby")
        .description("times this instance took or gave up the capture").register(meters);
  }

  public synchronized void start() {
    if (checker != null) {
      return;
    }
    signal.clear();
    checker = new Thread(this::run, "capture-leadership");
    checker.setDaemon(true);
    checker.start();
  }

  /** Stops the capture (if this instance leads), then ends the lock session, which frees the lock. */
  public synchronized void stop() {
    if (checker == null) {
      return;
    }
    signal.raise();
    try {
      checker.join(TimeUnit.SECONDS.toMillis(90));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    checker = null;
  }

  public boolean isRunning() {
    return checker != null;
  }

  public Role role() {
    return role;
  }

  /** When this instance took its current role. */
  public Instant since() {
    return since;
  }

  /** Why it has its current role. */
  public String reason() {
    return reason;
  }

  public String instance() {
    return instance;
  }

  private void run() {
    log.info("Instance {} stands by for the capture of slot {} until it holds the slot's lock", instance, slotName);
    try {
      while (!signal.stopping()) {
        apply(Leadership.next(role, lock.check(role)));
        signal.pause(checkInterval.toMillis());
      }
    } finally {
      if (role == Role.ACTIVE) {
        stopCapture.run();
        role = Role.STANDBY;
      }
      lock.close();
      log.info("Instance {} stopped; the lock of slot {} is released", instance, slotName);
    }
  }

  private void apply(Decision decision) {
    Role previous = role;
    switch (decision.action()) {
      case START_CAPTURE -> {
        log.warn("Instance {} takes over the capture of slot {}: {}", instance, slotName, decision.reason());
        takeovers.increment();
        startCapture.run();
      }
      case STOP_CAPTURE -> {
        log.warn("Instance {} stops the capture of slot {} and stands by: {}", instance, slotName,
            decision.reason());
        stepDowns.increment();
        stopCapture.run();
        lock.close();
      }
      case NONE -> {
        if (decision.role() == Role.STANDBY && !decision.reason().equals(reason)) {
          log.info("Instance {} stands by for slot {}: {}", instance, slotName, decision.reason());
        }
      }
    }
    role = decision.role();
    reason = decision.reason();
    if (role != previous) {
      since = clock.instant();
    }
  }

}
