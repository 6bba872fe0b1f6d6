package org.contactability.waitlist.domain.campaign;

import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket that paces a campaign's questions: {@code perSecond} on average, at most
 * {@code burst} at once. Time comes from the caller's clock, so a clock moved forward by days
 * grants one burst, not days' worth of messages.
 */
public record Pacer(double perSecond, int burst) {

  public Pacer {
    if (!(perSecond > 0)) {
      throw new IllegalArgumentException("the send rate must be positive, not " + perSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("the burst must be at least 1, not " + burst);
    }
  }

  /** Tokens left and when they were counted. */
  public record State(double tokens, Instant at) {
  }

  /** How many may be sent now, and the bucket after sending them. */
  public record Grant(int granted, State next) {
  }

  /** A full bucket at {@code now}. */
  public State start(Instant now) {
    return new State(burst, now);
  }

  public Grant take(State state, Instant now, int wanted) {
    double elapsed = Math.max(0, Duration.between(state.at(), now).toNanos() / 1e9);
    double tokens = Math.min(burst, state.tokens() + elapsed * perSecond);
    int granted = (int) Math.min(Math.max(0, wanted), Math.floor(tokens));
    Instant at = now.isAfter(state.at()) ? now : state.at();
    return new Grant(granted, new State(tokens - granted, at));
  }
}
