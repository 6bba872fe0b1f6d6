package org.contactability.notifier.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.ContactStatus;

/**
 * WhatsApp's messaging limit: a business sender may start conversations with at most its tier's
 * number of unique users (250, 2,000, 10,000, 100,000) in any rolling 24 hours. Messages to someone
 * already reached in the window do not count again. One window per hospital (its sender), fed both by
 * what this instance admits and by what {@code contact.status} says was sent, so that a restart
 * rebuilds it. Thread-safe.
 */
public final class UniqueRecipientLimit {

  public static final Duration WINDOW = Duration.ofHours(24);

  private final Function<String, OptionalInt> limitOfHospital;
  private final UnaryOperator<String> recipientKey;
  private final Map<String, Window> windows = new HashMap<>();

  /**
   * @param limitOfHospital the tier's number of unique users of a hospital's sender; empty: no limit
   * @param recipientKey    what a recipient is counted under, from its address in clear or as a status holds it
   *                        (the notifier: its blind index, so that the window keeps no number); null: not counted
   */
  public UniqueRecipientLimit(Function<String, OptionalInt> limitOfHospital, UnaryOperator<String> recipientKey) {
    this.limitOfHospital = limitOfHospital;
    this.recipientKey = recipientKey;
  }

  /** The limit of {@code hospitalCode}'s sender, if it has one. */
  public OptionalInt limitOf(String hospitalCode) {
    return limitOfHospital.apply(hospitalCode);
  }

  /**
   * Whether a message to {@code address} may go at {@code now}; when it may, the address counts as
   * reached from then on.
   */
  public synchronized boolean admit(String hospitalCode, String address, Instant now) {
    OptionalInt limit = limitOf(hospitalCode);
    if (limit.isEmpty()) {
      return true;
    }
    String recipient = recipientKey.apply(address);
    Window window = windows.computeIfAbsent(hospitalCode, h -> new Window());
    window.forgetUpTo(now.minus(WINDOW));
    if (!window.contains(recipient) && window.size() >= limit.getAsInt()) {
      return false;
    }
    window.reached(recipient, now);
    return true;
  }

  /** A status read back from {@code contact.status}: a WhatsApp message the provider took counts. */
  public void observe(ContactStatus status) {
    if (status.getChannel() == Channel.WHATSAPP && status.getRecipient() != null
        && DeliveryProgress.takenByProvider(status.getStatus())) {
      sent(status.getHospitalCode(), status.getRecipient(), status.getOccurredAt());
    }
  }

  /** A message to {@code address} went out at {@code at} (read back from the status log). */
  public synchronized void sent(String hospitalCode, String address, Instant at) {
    String recipient = limitOf(hospitalCode).isEmpty() ? null : recipientKey.apply(address);
    if (recipient == null) {
      return;
    }
    windows.computeIfAbsent(hospitalCode, h -> new Window()).reached(recipient, at);
  }

  /** Unique addresses reached by {@code hospitalCode}'s sender in the 24 hours before {@code now}. */
  public synchronized int reached(String hospitalCode, Instant now) {
    Window window = windows.get(hospitalCode);
    if (window == null) {
      return 0;
    }
    window.forgetUpTo(now.minus(WINDOW));
    return window.size();
  }

  /** The last time each address was reached, ordered by that time so the oldest go first. */
  private static final class Window {
    private final Map<String, Instant> lastReached = new HashMap<>();
    private final TreeSet<Reach> byTime = new TreeSet<>();

    private record Reach(Instant at, String address) implements Comparable<Reach> {
      @Override
      public int compareTo(Reach other) {
        int byAt = at.compareTo(other.at);
        return byAt != 0 ? byAt : address.compareTo(other.address);
      }
    }

    boolean contains(String address) {
      return lastReached.containsKey(address);
    }

    int size() {
      return lastReached.size();
    }

    void reached(String address, Instant at) {
      Instant before = lastReached.get(address);
      if (before != null && !at.isAfter(before)) {
        return; // an older report (replayed statuses) changes nothing
      }
      if (before != null) {
        byTime.remove(new Reach(before, address));
      }
      lastReached.put(address, at);
      byTime.add(new Reach(at, address));
    }

    void forgetUpTo(Instant cutoff) {
      while (!byTime.isEmpty() && !byTime.first().at().isAfter(cutoff)) {
        Reach oldest = byTime.pollFirst();
        lastReached.remove(oldest.address());
      }
    }
  }
}
