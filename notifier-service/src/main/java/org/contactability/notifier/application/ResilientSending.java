package org.contactability.notifier.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import org.contactability.contracts.common.Channel;

/**
 * Wraps every provider call: a circuit breaker per channel around a rate limiter per sender, retried with
 * exponential backoff and jitter until the message's own deadline. Only transient failures (429, 5xx, timeouts,
 * an open circuit, a rate-limit turn that did not come) are retried and counted by the breaker; a provider's "no"
 * (invalid number) is an outcome, not a failure. While a channel's circuit is open no call reaches its provider
 * (the waiting sends only sleep), and every {@code openFor} at most {@code halfOpenCalls} trial calls do: a
 * provider outage costs the provider at most {@code halfOpenCalls / openFor} calls per second, and the sends
 * resume by themselves once the trial calls pass. A send whose next attempt would come after its deadline is
 * given up ({@link SendGaveUp}).
 */
public final class ResilientSending {

  /**
   * @param initialBackoff      wait before the second attempt
   * @param multiplier          growth of the wait per attempt
   * @param jitter              randomisation factor (0.5: each wait is drawn from ±50% of its value)
   * @param maxBackoff          upper bound of one wait
   * @param longest             how long a message without a deadline of its own is retried
   */
  public record RetrySettings(Duration initialBackoff, double multiplier, double jitter, Duration maxBackoff,
      Duration longest) {
  }

  /**
   * @param failureRateThreshold  percentage of failed calls in the window that opens the breaker
   * @param slidingWindowSize     calls the failure rate is computed over
   * @param minimumCalls          calls before the rate counts
   * @param openFor               how long the breaker stays open before letting trial calls through
   * @param halfOpenCalls         trial calls in half-open state
   */
  public record BreakerSettings(float failureRateThreshold, int slidingWindowSize, int minimumCalls, Duration openFor,
      int halfOpenCalls) {
  }

  /**
   * @param perSecond    messages (SMS: segments) per second; 0 or less: unlimited
   * @param maxWait      how long a send may wait for its turn before the wait counts as a transient failure
   */
  public record RateSettings(double perSecond, Duration maxWait) {
  }

  /** Waits between attempts; tests replace it. */
  @FunctionalInterface
  public interface Pause {
    void sleep(Duration wait) throws InterruptedException;
  }

  private final IntervalFunction backoff;
  private final Duration longest;
  private final CircuitBreakerRegistry breakers;
  private final RateLimiterRegistry limiters;
  private final Function<String, RateSettings> rateOfSender;
  private final Clock clock;
  private final Pause pause;
  private final Map<Channel, AtomicInteger> waiting = new ConcurrentHashMap<>();

  /** @param rateOfSender rate of a sender, by the key {@link #senderKey} makes */
  public ResilientSending(RetrySettings retry, BreakerSettings breaker,
      Function<String, RateSettings> rateOfSender, Clock clock, Pause pause) {
    this.backoff = IntervalFunction.ofExponentialRandomBackoff(retry.initialBackoff(), retry.multiplier(),
        retry.jitter(), retry.maxBackoff());
    this.longest = retry.longest();
    this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
        .failureRateThreshold(breaker.failureRateThreshold())
        .slidingWindowSize(breaker.slidingWindowSize())
        .minimumNumberOfCalls(breaker.minimumCalls())
        .waitDurationInOpenState(breaker.openFor())
        .permittedNumberOfCallsInHalfOpenState(breaker.halfOpenCalls())
        .recordExceptions(TransientSendException.class)
        .clock(clock)
        .build());
    this.limiters = RateLimiterRegistry.ofDefaults();
    this.rateOfSender = rateOfSender;
    this.clock = clock;
    this.pause = pause;
  }

  /** Rate limits apply per sender: one hospital's number (or e-mail account) on one channel. */
  public static String senderKey(String hospitalCode, Channel channel) {
    return hospitalCode + "." + channel.name().toLowerCase(Locale.ROOT);
  }

  /**
   * Calls {@code call} until it answers or the next attempt would come after {@code deadline}; at least once.
   *
   * @param permits  rate-limiter permits the message takes (SMS: its segments, else 1)
   * @param deadline the message's {@code notAfter}, or null: then it is retried for {@code longest}
   * @throws SendGaveUp when the deadline came first
   */
  public <T> T send(Channel channel, String senderKey, int permits, Instant deadline, CheckedSupplier<T> call)
      throws SendGaveUp {
    Instant started = clock.instant();
    Instant until = deadline != null ? deadline : started.plus(longest);
    CircuitBreaker breaker = breakers.circuitBreaker(channel.name().toLowerCase(Locale.ROOT));
    CheckedSupplier<T> attempt = CircuitBreaker.decorateCheckedSupplier(breaker,
        rateLimited(senderKey, permits, call));
    AtomicInteger waitingNow = waiting.computeIfAbsent(channel, c -> new AtomicInteger());
    String lastProblem = null;
    String lastCode = null;
    for (int attempts = 1; ; attempts++) {
      Throwable failure;
      String problem;
      try {
        return attempt.get();
      } catch (TransientSendException e) {
        failure = e;
        lastProblem = e.getMessage();
        lastCode = e.errorCode() != null ? e.errorCode() : lastCode;
        problem = lastProblem;
      } catch (CallNotPermittedException e) {
        failure = e;
        problem = "the circuit breaker of " + channel + " is open (the provider keeps failing)"
            + (lastProblem == null ? "" : "; before: " + lastProblem);
      } catch (RequestNotPermitted e) {
        failure = e;
        problem = "sender " + senderKey + " stayed over its rate limit";
      } catch (RuntimeException e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException("unexpected failure of a " + channel + " send: " + e, e);
      }
      Duration wait = Duration.ofMillis(backoff.apply(attempts));
      if (!clock.instant().plus(wait).isBefore(until)) {
        throw new SendGaveUp(attempts, lastCode, "the provider did not take it before "
            + (deadline != null ? "its deadline (notAfter " + deadline + ")" : "the retry limit of " + longest)
            + ": " + attempts + " attempts on " + channel + " over "
            + Duration.between(started, clock.instant()).toSeconds() + " s; last: " + problem, failure);
      }
      waitingNow.incrementAndGet();
      try {
        pause.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        // Left SENDING: the next start settles it with the provider.
        throw new IllegalStateException("stopped while retrying a " + channel + " send", e);
      } finally {
        waitingNow.decrementAndGet();
      }
    }
  }

  /** Sends of {@code channel} waiting between attempts right now (a provider outage shows here). */
  public int waiting(Channel channel) {
    AtomicInteger count = waiting.get(channel);
    return count == null ? 0 : count.get();
  }

  public CircuitBreakerRegistry breakers() {
    return breakers;
  }

  public RateLimiterRegistry limiters() {
    return limiters;
  }

  private <T> CheckedSupplier<T> rateLimited(String senderKey, int permits, CheckedSupplier<T> call) {
    RateSettings rate = rateOfSender.apply(senderKey);
    if (rate == null || rate.perSecond() <= 0) {
      return call;
    }
    RateLimiter limiter = limiters.rateLimiter(senderKey, () -> limiterConfig(rate));
    // One permit at a time: a 5-segment SMS on a 1-segment-per-second number waits for 5 turns.
    return () -> {
      for (int i = 0; i < Math.max(1, permits); i++) {
        if (!limiter.acquirePermission()) {
          throw RequestNotPermitted.createRequestNotPermitted(limiter);
        }
      }
      return call.get();
    };
  }

  /** Whole messages per second when the rate is at least 1, else one message every 1/rate seconds. */
  static RateLimiterConfig limiterConfig(RateSettings rate) {
    boolean atLeastOne = rate.perSecond() >= 1;
    return RateLimiterConfig.custom()
        .limitForPeriod(atLeastOne ? (int) Math.round(rate.perSecond()) : 1)
        .limitRefreshPeriod(atLeastOne ? Duration.ofSeconds(1) : Duration.ofMillis(Math.round(1000 / rate.perSecond())))
        .timeoutDuration(rate.maxWait())
        .build();
  }
}
