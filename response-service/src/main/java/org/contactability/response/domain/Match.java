package org.contactability.response.domain;

import java.util.List;

/** What correlation made of an answer: the question it answers, several it might answer, or none. */
public sealed interface Match {

  /** How an answer was tied to its question. */
  enum Method {
    /** A WhatsApp quick reply names the message it answers. */
    BUTTON_REPLY,
    /** The answer-link token names the request. */
    ANSWER_LINK,
    /** The call's token names the request. */
    VOICE_CALL,
    /** Only one question is open for the sender. */
    ONLY_PENDING,
    /** Several are open; the most recently delivered one is taken (see {@link Correlator}). */
    LATEST_NOTIFIED,
    /** The patient picked it by number after a which-appointment question. */
    PATIENT_CHOICE
  }

  /**
   * @param question the question answered
   * @param method   how it was found
   * @param reply    the answer to it (for a choice: the answer that waited for the choice)
   */
  record Correlated(AskedQuestion question, Method method, Reply reply) implements Match {

    public Intent intent() {
      return question.kind().intentOf(reply);
    }
  }

  /** Several open questions were asked at about the same time: the patient must say which. */
  record Ambiguous(List<AskedQuestion> candidates, Reply reply) implements Match {

    public Ambiguous {
      candidates = List.copyOf(candidates);
    }
  }

  /** Nothing was asked of this sender lately. */
  record Unmatched(Reply reply) implements Match {
  }
}
