package org.contactability.hisconnector.adapters.debezium;

import java.io.IOException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.github.resilience4j.core.IntervalFunction;
import org.apache.kafka.connect.source.SourceRecord;
import org.contactability.hisconnector.adapters.StopSignal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a Debezium embedded engine and keeps it running: when the engine stops on an error (the
 * database or the broker went away and the connector's own retries ran out), a new engine starts
 * after a growing pause, and resumes from the offsets stored in Kafka. One thread, started by
 * {@link #start()}, supervises; {@link #stop()} lets the batch in hand finish, then closes the
 * engine, which commits the offsets of what was handled.
 *
 * <p>Debezium's close interrupts the thread that runs the handler and then commits what is marked
 * processed. A batch interrupted after its changes were published is never marked, so it would be
 * published again after the next start. Hence a stop first waits for the batch in hand, and a batch
 * handed over after the stop began is left alone, unmarked: the next start reads it again.
 */
public final class CaptureEngine {

  private static final Logger log = LoggerFactory.getLogger(CaptureEngine.class);

  /** What the engine is doing, for health and logs. */
  public enum State {
    STOPPED,
    STARTING,
    STREAMING,
    RESTARTING
  }

  /** The batch handler type Debezium calls with the records of one poll. */
  public interface Handler extends DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {
  }

  private final String name;
  private final Properties properties;
  private final Handler handler;
  private final IntervalFunction backoff;
  private final AtomicReference<State> state = new AtomicReference<>(State.STOPPED);
  private final AtomicReference<String> lastFailure = new AtomicReference<>();
  private final AtomicInteger restarts = new AtomicInteger();
  private final AtomicLong handled = new AtomicLong();
  private final StopSignal signal = new StopSignal();
  private final ReentrantLock batchInHand = new ReentrantLock();

  private volatile DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
  private Thread supervisor;

  /**
   * @param properties Debezium engine and connector settings (see {@link DebeziumSettings})
   * @param backoff    pause before restart attempt n (1-based)
   */
  public CaptureEngine(String name, Properties properties, Handler handler, IntervalFunction backoff) {
    this.name = name;
    this.properties = properties;
    this.handler = handler;
    this.backoff = backoff;
  }

  public synchronized void start() {
    if (supervisor != null) {
      return;
    }
    signal.clear();
    state.set(State.STARTING);
    supervisor = new Thread(this::supervise, "capture-" + name);
    supervisor.setDaemon(true);
    supervisor.start();
  }

  /**
   * Waits for the batch in hand (its publishing and marking), closes the engine (committing the offsets of handled
   * records) and waits for it to end.
   */
  public synchronized void stop() {
    if (supervisor == null) {
      return;
    }
    signal.raise();
    batchInHand.lock();
    batchInHand.unlock();
    closeEngine();
    try {
      supervisor.join(TimeUnit.SECONDS.toMillis(60));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    supervisor = null;
    state.set(State.STOPPED);
  }

  public boolean isRunning() {
    return supervisor != null;
  }

  public State state() {
    return state.get();
  }

  /** The last error that stopped an engine, without stack trace; null when none yet. */
  public String lastFailure() {
    return lastFailure.get();
  }

  public int restarts() {
    return restarts.get();
  }

  /** Records Debezium handed over since this engine was created (row changes and others). */
  public long handledRecords() {
    return handled.get();
  }

  private void supervise() {
    int attempt = 0;
    while (!signal.stopping()) {
      engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
          .using(properties)
          .using(new Callbacks())
          .using(this::completed)
          .notifying(this::handle)
          .build();
      engine.run();
      // run() returns once the engine has shut down, after close() or an error.
      engine = null;
      if (signal.stopping()) {
        break;
      }
      attempt = state.get() == State.STREAMING ? 1 : attempt + 1;
      state.set(State.RESTARTING);
      long delay = backoff.apply(attempt);
      restarts.incrementAndGet();
      log.warn("Capture engine {} stopped ({}); restarting in {} ms (attempt {})", name, lastFailure.get(), delay,
          attempt);
      signal.pause(delay);
    }
    state.set(State.STOPPED);
  }

  private void handle(List<RecordChangeEvent<SourceRecord>> records,
      DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
    batchInHand.lock();
    try {
      if (signal.stopping()) {
        return;
      }
      handler.handleBatch(records, committer);
    } finally {
      batchInHand.unlock();
    }
    state.set(State.STREAMING);
    handled.addAndGet(records.size());
  }

  private void completed(boolean success, String message, Throwable error) {
    if (!success || error != null) {
      lastFailure.set(error == null ? message : error.getClass().getSimpleName() + ": " + rootMessage(error));
    }
  }

  private void closeEngine() {
    DebeziumEngine<RecordChangeEvent<SourceRecord>> running = engine;
    if (running != null) {
      try {
        running.close();
      } catch (IOException | RuntimeException e) {
        log.warn("Closing capture engine {} failed: {}", name, e.toString());
      }
    }
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == error ? String.valueOf(error.getMessage()) : error.getMessage() + " <- " + root;
  }

  /** Marks the engine streaming once its task polls, so that health sees it before the first change. */
  private final class Callbacks implements DebeziumEngine.ConnectorCallback {

    @Override
    public void pollingStarted() {
      state.set(State.STREAMING);
      lastFailure.set(null);
    }

    @Override
    public void taskStopped() {
      if (!signal.stopping()) {
        state.compareAndSet(State.STREAMING, State.STARTING);
      }
    }
  }
}
