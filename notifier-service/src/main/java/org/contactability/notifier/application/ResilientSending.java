package org.contactability.notifier.application;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import org.contactability.contracts.common.Channel;

/**
 * Wraps every provider call: a retry with exponential backoff and jitter around a circuit breaker
 * per channel around a rate limiter per sender. Only transient failures are retried and counted by
 * the breaker; a provider's "no" (invalid number) is an outcome, not a failure. A request that runs
 * out of attempts is given up ({@link SendGaveUp}) for the dead-letter topic.
 */
public final class ResilientSending {

  /**
   * @param maxAttempts         attempts including the first
   * @param initialBackoff      wait before the second attempt
   * @param multiplier          growth of the wait per attempt
   * @param jitter              randomisation factor (0.5: each wait is drawn from ±50% of its value)
   * @param maxBackoff          upper bound of one wait
   */
  public record RetrySettings(int maxAttempts, Duration initialBackoff, double multiplier, double jitter,
      Duration maxBackoff) {
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

  private final RetryRegistry retries;
  private final CircuitBreakerRegistry breakers;
  private final RateLimiterRegistry limiters;
  private final Function<String, RateSettings> rateOfSender;

  /** @param rateOfSender rate of a sender, by the key {@link #senderKey} makes */
  public ResilientSending(RetrySettings retry, BreakerSettings breaker, Function<String, RateSettings> rateOfSender) {
    this.retries = RetryRegistry.of(RetryConfig.custom()
        .maxAttempts(retry.maxAttempts())
        .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(retry.initialBackoff(), retry.multiplier(),
            retry.jitter(), retry.maxBackoff()))
        .retryExceptions(TransientSendException.class, CallNotPermittedException.class, RequestNotPermitted.class)
        .build());
    this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
        .failureRateThreshold(breaker.failureRateThreshold())
        .slidingWindowSize(breaker.slidingWindowSize())
        .minimumNumberOfCalls(breaker.minimumCalls())
        .waitDurationInOpenState(breaker.openFor())
        .permittedNumberOfCallsInHalfOpenState(breaker.halfOpenCalls())
        .recordExceptions(TransientSendException.class)
        .build());
    this.limiters = RateLimiterRegistry.ofDefaults();
    this.rateOfSender = rateOfSender;
  }

  /** Rate limits apply per sender: one hospital's number (or e-mail account) on one channel. */
  public static String senderKey(String hospitalCode, Channel channel) {
    return hospitalCode + "." + channel.name().toLowerCase(Locale.ROOT);
  }

  /**
   * @param permits rate-limiter permits the message takes (SMS: its segments, else 1)
   */
  public SendOutcome send(Channel channel, String senderKey, int permits, CheckedSupplier<SendOutcome> call)
      throws SendGaveUp {
    String channelName = channel.name().toLowerCase(Locale.ROOT);
    CircuitBreaker breaker = breakers.circuitBreaker(channelName);
    Retry retry = retries.retry(channelName);
    CheckedSupplier<SendOutcome> limited = rateLimited(senderKey, permits, call);
    AtomicInteger attempts = new AtomicInteger();
    AtomicReference<Throwable> last = new AtomicReference<>();
    CheckedSupplier<SendOutcome> counted = () -> {
      attempts.incrementAndGet();
      try {
        return limited.get();
      } catch (Throwable t) {
        last.set(t);
        throw t;
      }
    };
    try {
      return Retry.decorateCheckedSupplier(retry, CircuitBreaker.decorateCheckedSupplier(breaker, counted)).get();
    } catch (TransientSendException e) {
      throw new SendGaveUp(attempts.get(), e.errorCode(), "gave up after " + attempts.get() + " attempts on "
          + channel + ": " + e.getMessage(), e);
    } catch (CallNotPermittedException e) {
      String lastCause = last.get() instanceof TransientSendException t ? "; last error: " + t.getMessage() : "";
      throw new SendGaveUp(attempts.get(), null, "gave up after " + attempts.get() + " attempts on " + channel
          + ": the circuit breaker of " + channel + " is open (the provider keeps failing)" + lastCause, e);
    } catch (RequestNotPermitted e) {
      throw new SendGaveUp(attempts.get(), null, "gave up after " + attempts.get() + " attempts on " + channel
          + ": sender " + senderKey + " stayed over its rate limit", e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("unexpected failure of a " + channel + " send: " + e, e);
    }
  }

  public CircuitBreakerRegistry breakers() {
    return breakers;
  }

  public RetryRegistry retries() {
    return retries;
  }

  public RateLimiterRegistry limiters() {
    return limiters;
  }

  private CheckedSupplier<SendOutcome> rateLimited(String senderKey, int permits, CheckedSupplier<SendOutcome> call) {
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
