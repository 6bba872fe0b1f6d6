package org.contactability.response.domain;

import java.util.Optional;

import org.contactability.common.templates.MessageTemplate;
import org.contactability.response.domain.AppointmentFacts.HisStatus;

/**
 * Everything that follows from one judged answer.
 *
 * @param verdict   how it was judged
 * @param decision  the decision to publish, if any (none for repeats and redeliveries)
 * @param writeback the status to write into the HIS, if any
 * @param answer    the message to send the patient, if any
 * @param next      the appointment's answer state afterwards
 */
public record Outcome(Verdict verdict, Optional<DecisionKind> decision, Optional<HisStatus> writeback,
    Optional<MessageTemplate> answer, AnswerState next) {

  /** The kinds of decision the rules publish (names as in {@code appointment.decisions}). */
  public enum DecisionKind {
    CONFIRMED, CANCELLED_BY_PATIENT, REJECTED_TOO_LATE, REJECTED_ALREADY_CANCELLED, OTHER
  }
}
