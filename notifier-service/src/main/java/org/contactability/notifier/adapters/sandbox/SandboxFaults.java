package org.contactability.notifier.adapters.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.contactability.contracts.common.Channel;

/**
 * Faults the sandbox is told to act out, so that an ops team can rehearse a provider outage and tests can drive one:
 * answer with an HTTP error (5xx, 429), time out, answer late, or drop the status reports, for a channel, one address,
 * or a share of the messages. The first fault that matches a call applies.
 */
public final class SandboxFaults {

  /** What the sandbox does instead of answering normally. */
  public enum Kind {
    /** Answers {@code status} (e.g. 500, 503, 429): nothing is received; the notifier retries. */
    ERROR,
    /**
     * Receives the message, then does not answer for {@code delay} and fails as a read timeout does: the send is
     * in doubt, and the notifier must ask the sandbox before sending again. Look-ups are not timed out.
     */
    TIMEOUT,
    /** Answers normally after {@code delay}. */
    DELAY,
    /** Receives the message and answers, but never reports it sent or delivered (it stays QUEUED). */
    DROP_REPORTS;

    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * @param id      given when the fault is added
   * @param channel the channel it applies to, or null for every channel
   * @param to      the E.164 phone or e-mail address it applies to, or null for every address
   * @param share   the share of matching calls it applies to, in (0, 1]
   * @param status  the HTTP status of an {@link Kind#ERROR}
   * @param delay   how long a {@link Kind#TIMEOUT} or {@link Kind#DELAY} holds the answer
   */
  public record Fault(String id, Kind kind, Channel channel, String to, double share, Integer status, Duration delay) {

    public Fault {
      if (kind == null) {
        throw new IllegalArgumentException("a fault needs a kind: error, timeout, delay or drop-reports");
      }
      if (share <= 0 || share > 1) {
        throw new IllegalArgumentException("share must be above 0 and at most 1");
      }
      if (kind == Kind.ERROR && (status == null || (status != 429 && (status < 500 || status > 599)))) {
        throw new IllegalArgumentException("an error fault answers 429 or a 5xx status");
      }
      if ((kind == Kind.TIMEOUT || kind == Kind.DELAY) && (delay == null || delay.isNegative() || delay.isZero()
          || delay.compareTo(Duration.ofMinutes(5)) > 0)) {
        throw new IllegalArgumentException("a " + kind.label() + " fault needs a delay above 0 and at most 5 minutes");
      }
    }

    boolean matches(Channel channel, String to) {
      return (this.channel == null || this.channel == channel) && (this.to == null || this.to.equals(to))
          && (share >= 1 || ThreadLocalRandom.current().nextDouble() < share);
    }
  }

  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicLong> hits = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  /** Adds a fault (its id is replaced by a new one) and returns it as kept. */
  public Fault add(Fault fault) {
    Fault kept = new Fault("f" + ids.incrementAndGet(), fault.kind(), fault.channel(), fault.to(), fault.share(),
        fault.status(), fault.delay());
    hits.put(kept.id(), new AtomicLong());
    faults.add(kept);
    return kept;
  }

  /** @return whether a fault had that id */
  public boolean remove(String id) {
    hits.remove(id);
    return faults.removeIf(f -> f.id().equals(id));
  }

  public void clear() {
    faults.clear();
    hits.clear();
  }

  /** The calls a fault has met since it was added (what an outage cost the "provider"). */
  public long hits(String id) {
    AtomicLong count = hits.get(id);
    return count == null ? 0 : count.get();
  }

  public List<Fault> all() {
    return List.copyOf(faults);
  }

  /** The fault a call on {@code channel} to {@code to} meets, if any (a share is drawn per call). */
  Optional<Fault> meet(Channel channel, String to) {
    Optional<Fault> met = faults.stream().filter(f -> f.matches(channel, to)).findFirst();
    met.ifPresent(f -> hits.getOrDefault(f.id(), new AtomicLong()).incrementAndGet());
    return met;
  }
}
