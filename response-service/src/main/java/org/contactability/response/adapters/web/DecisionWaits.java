package org.contactability.response.adapters.web;

import java.time.Duration;
import java.util.Optional;

import org.contactability.contracts.appointment.AppointmentDecision;
import org.contactability.response.application.AnswerDirectory;

import reactor.core.publisher.Mono;

/**
 * Waits, without holding a thread, for the judge's decision about an answer just published or for the
 * service to be ready. The page and a call can then say the outcome instead of "received".
 */
public final class DecisionWaits {

  private static final Duration POLL = Duration.ofMillis(50);
  /** The common case answered without arming a timer per request. */
  private static final Mono<Boolean> READY = Mono.just(true);

  private final AnswerDirectory directory;
  private final Duration decisionWait;
  private final Duration readyWait;

  public DecisionWaits(AnswerDirectory directory, Duration decisionWait, Duration readyWait) {
    this.directory = directory;
    this.decisionWait = decisionWait;
    this.readyWait = readyWait;
  }

  /** The decision, or empty when none came within the wait (a repeat makes none; the judge may be slow). */
  public Mono<Optional<AppointmentDecision>> decisionFor(String responseId) {
    return Mono.fromCallable(() -> directory.decisionForResponse(responseId))
        .filter(Optional::isPresent)
        .repeatWhenEmpty(attempts -> attempts.delayElements(POLL))
        .timeout(decisionWait, Mono.just(Optional.empty()));
  }

  /** True once the views caught up; false if they did not within the wait. */
  public Mono<Boolean> ready() {
    if (directory.isReady()) {
      return READY;
    }
    return Mono.fromCallable(directory::isReady)
        .filter(Boolean::booleanValue)
        .repeatWhenEmpty(attempts -> attempts.delayElements(POLL))
        .timeout(readyWait, Mono.just(false));
  }
}
