package org.contactability.response.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A question we put to a patient: one contact request that expects an answer.
 *
 * @param requestId    the contact request
 * @param kind         what was asked
 * @param subject      what it is about, as a key ("appointment:123", "offer:9f3", ...): several questions
 *                     about one subject (a reminder and its SMS fallback) are one thing to answer
 * @param askedAt      when it reached the patient (first delivery report), or was requested when no report came yet
 * @param respondBy    last instant of the answer window; null when open-ended
 * @param about        start of the appointment or slot it is about, to list options in date order; may be null
 * @param options      for a which-appointment question: the requestIds of the questions it offers, in option order
 * @param pendingReply for a which-appointment question: the patient's answer that waits for the choice
 */
public record AskedQuestion(String requestId, QuestionKind kind, String subject, Instant askedAt, Instant respondBy,
    Instant about, List<String> options, Reply pendingReply) {

  public AskedQuestion {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(askedAt, "askedAt");
    options = options == null ? List.of() : List.copyOf(options);
  }

  public static AskedQuestion of(String requestId, QuestionKind kind, String subject, Instant askedAt,
      Instant respondBy, Instant about) {
    return new AskedQuestion(requestId, kind, subject, askedAt, respondBy, about, List.of(), null);
  }

  /** Whether the patient may still answer it at {@code now} (the window is inclusive). */
  public boolean isOpenAt(Instant now) {
    return respondBy == null || !now.isAfter(respondBy);
  }
}
