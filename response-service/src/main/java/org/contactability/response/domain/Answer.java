package org.contactability.response.domain;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * A patient's answer about an appointment, as the rules see it.
 *
 * @param responseId  id of the answer (redeliveries carry the same id)
 * @param intent      {@link Intent#CONFIRM} or {@link Intent#CANCEL}
 * @param receivedAt  when it arrived: deadlines are judged against this, not against when it is processed
 * @param askedAbout  the start time the question named; null when unknown
 * @param onAnswerPage whether it came through the answer-link page, which shows the outcome itself
 */
public record Answer(String responseId, Intent intent, Instant receivedAt, LocalDateTime askedAbout,
    boolean onAnswerPage) {

  public Answer {
    Objects.requireNonNull(responseId, "responseId");
    Objects.requireNonNull(receivedAt, "receivedAt");
    if (intent != Intent.CONFIRM && intent != Intent.CANCEL) {
      throw new IllegalArgumentException("the appointment rules judge confirmations and cancellations, not " + intent);
    }
  }
}
