package org.contactability.notifier.adapters.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the notifier's Kafka work in order: first the followers that rebuild the delivery ledger
 * and the suppression list, and only once they have read everything already on their topics the
 * request lanes and the opt-out recorder, so that no request is judged against a half-read ledger.
 * Runs before the web server opens (lower phase), so that status callbacks find their requests.
 */
public final class NotifierRuntime implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(NotifierRuntime.class);
  private static final Duration JOIN = Duration.ofSeconds(10);

  private final List<TopicFollower<?>> followers;
  private final List<RequestLane> lanes;
  private final OptOutRecorder optOuts;
  private final Duration catchUpTimeout;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running;
  private volatile boolean ready;

  public NotifierRuntime(List<TopicFollower<?>> followers, List<RequestLane> lanes, OptOutRecorder optOuts,
      Duration catchUpTimeout) {
    this.followers = List.copyOf(followers);
    this.lanes = List.copyOf(lanes);
    this.optOuts = optOuts;
    this.catchUpTimeout = catchUpTimeout;
  }

  @Override
  public void start() {
    running = true;
    long started = System.nanoTime();
    for (TopicFollower<?> follower : followers) {
      startThread("follow-" + follower.topic(), follower);
    }
    for (TopicFollower<?> follower : followers) {
      if (!follower.awaitCaughtUp(catchUpTimeout)) {
        stop();
        throw new IllegalStateException("could not read " + follower.topic() + " within " + catchUpTimeout
            + ": without it the notifier cannot tell which requests it already sent");
      }
    }
    log.info("delivery ledger and suppression list read in {} ms ({})",
        Duration.ofNanos(System.nanoTime() - started).toMillis(),
        followers.stream().map(f -> f.topic() + ": " + f.applied() + " records").toList());
    for (RequestLane lane : lanes) {
      startThread("lane-" + lane.name(), lane);
    }
    startThread("opt-out", optOuts);
    ready = true;
  }

  @Override
  public void stop() {
    ready = false;
    lanes.forEach(RequestLane::stop);
    optOuts.stop();
    join(threads.stream().filter(t -> !t.getName().startsWith("notifier-follow-")).toList());
    followers.forEach(TopicFollower::stop);
    join(threads);
    lanes.forEach(RequestLane::closeBulkhead);
    threads.clear();
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Before the web server (which starts at DEFAULT_PHASE - 1024). */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 2048;
  }

  /** Whether requests are being taken (ledger read, lanes started). */
  public boolean ready() {
    return ready;
  }

  public List<TopicFollower<?>> followers() {
    return followers;
  }

  public List<RequestLane> lanes() {
    return lanes;
  }

  public OptOutRecorder optOuts() {
    return optOuts;
  }

  private void startThread(String name, Runnable work) {
    Thread thread = new Thread(work, "notifier-" + name);
    thread.setDaemon(false);
    thread.start();
    threads.add(thread);
  }

  private static void join(List<Thread> toJoin) {
    for (Thread thread : toJoin) {
      try {
        thread.join(JOIN.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
