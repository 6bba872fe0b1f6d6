package org.contactability.response.domain;

import java.util.Optional;

import org.contactability.common.templates.MessageTemplate;
import org.contactability.response.domain.AnswerState.Standing;
import org.contactability.response.domain.AppointmentFacts.HisStatus;
import org.contactability.response.domain.Outcome.DecisionKind;

/**
 * The confirm/cancel rules (Chillán's, with the deadlines each hospital's policy sets):
 * <ul>
 *   <li>a patient may confirm until the confirm deadline;</li>
 *   <li>after confirming, may still cancel until the cancel deadline;</li>
 *   <li>after cancelling (or when the HIS shows the appointment cancelled), a confirmation is refused;</li>
 *   <li>an answer identical to the standing decision changes nothing: no second decision and no second
 *       writeback; the patient gets the same answer message again (they repeat because they are unsure it
 *       worked), except on the answer page, which shows the standing decision itself;</li>
 *   <li>an answer after its deadline is refused with the "fuera de plazo" answer (it gives the hospital's phone);</li>
 *   <li>an answer to a question about a former time (the appointment was rescheduled since) decides nothing:
 *       the patient gets the rescheduled answer, which names the current time;</li>
 *   <li>the same answer delivered twice (same id) is ignored altogether.</li>
 * </ul>
 * Deadlines are inclusive and judged at the instant the answer arrived.
 */
public final class AnswerRules {

  public Outcome judge(AnswerState state, AppointmentFacts facts, Answer answer) {
    if (state.hasSeen(answer.responseId())) {
      return new Outcome(new Verdict.Redelivered(), Optional.empty(), Optional.empty(), Optional.empty(), state);
    }
    AnswerState seen = state.remembering(answer.responseId());
    Verdict verdict = verdict(seen, facts, answer);
    if (verdict instanceof Verdict.Confirmed) {
      return new Outcome(verdict, Optional.of(DecisionKind.CONFIRMED), Optional.of(HisStatus.CONFIRMED),
          Optional.of(MessageTemplate.CONFIRMATION_ANSWER),
          seen.deciding(Standing.CONFIRMED, facts.startsAtLocal(), answer.receivedAt()));
    }
    if (verdict instanceof Verdict.Cancelled) {
      return new Outcome(verdict, Optional.of(DecisionKind.CANCELLED_BY_PATIENT),
          Optional.of(HisStatus.CANCELLED_BY_PATIENT), Optional.of(MessageTemplate.CANCELLATION_ANSWER),
          seen.deciding(Standing.CANCELLED, facts.startsAtLocal(), answer.receivedAt()));
    }
    if (verdict instanceof Verdict.Repeated repeated) {
      Optional<MessageTemplate> again = answer.onAnswerPage() ? Optional.empty()
          : Optional.of(repeated.standing() == Standing.CONFIRMED
              ? MessageTemplate.CONFIRMATION_ANSWER : MessageTemplate.CANCELLATION_ANSWER);
      return new Outcome(verdict, Optional.empty(), Optional.empty(), again, seen);
    }
    if (verdict instanceof Verdict.TooLate) {
      return new Outcome(verdict, Optional.of(DecisionKind.REJECTED_TOO_LATE), Optional.empty(),
          Optional.of(MessageTemplate.TOO_LATE_ANSWER), seen);
    }
    if (verdict instanceof Verdict.AlreadyCancelled) {
      return new Outcome(verdict, Optional.of(DecisionKind.REJECTED_ALREADY_CANCELLED), Optional.empty(),
          Optional.of(MessageTemplate.ALREADY_CANCELLED_ANSWER), seen);
    }
    if (verdict instanceof Verdict.AboutFormerTime) {
      return new Outcome(verdict, Optional.of(DecisionKind.OTHER), Optional.empty(),
          Optional.of(MessageTemplate.RESCHEDULED_ANSWER), seen);
    }
    throw new IllegalStateException("no outcome for " + verdict);
  }

  private static Verdict verdict(AnswerState state, AppointmentFacts facts, Answer answer) {
    if (answer.askedAbout() != null && !answer.askedAbout().equals(facts.startsAtLocal())) {
      return new Verdict.AboutFormerTime(answer.askedAbout(), facts.startsAtLocal());
    }
    if (facts.status() == HisStatus.CANCELLED_BY_HOSPITAL) {
      return new Verdict.AlreadyCancelled(true);
    }
    Standing standing = standing(state, facts);
    boolean confirm = answer.intent() == Intent.CONFIRM;
    if (standing == Standing.CANCELLED) {
      return confirm ? new Verdict.AlreadyCancelled(false) : new Verdict.Repeated(Standing.CANCELLED);
    }
    if (confirm && standing == Standing.CONFIRMED) {
      return new Verdict.Repeated(Standing.CONFIRMED);
    }
    if (facts.status() == HisStatus.ATTENDED || facts.status() == HisStatus.NO_SHOW) {
      return new Verdict.TooLate(confirm ? facts.confirmDeadline() : facts.cancelDeadline());
    }
    if (confirm) {
      return answer.receivedAt().isAfter(facts.confirmDeadline())
          ? new Verdict.TooLate(facts.confirmDeadline()) : new Verdict.Confirmed();
    }
    return answer.receivedAt().isAfter(facts.cancelDeadline())
        ? new Verdict.TooLate(facts.cancelDeadline()) : new Verdict.Cancelled();
  }

  /**
   * The standing decision for the current time: a cancellation recorded in the HIS wins (the patient may
   * have phoned the hospital), then our own judged decision, then a confirmation recorded in the HIS.
   */
  private static Standing standing(AnswerState state, AppointmentFacts facts) {
    if (facts.status() == HisStatus.CANCELLED_BY_PATIENT) {
      return Standing.CANCELLED;
    }
    Standing ours = state.standingFor(facts.startsAtLocal());
    if (ours != Standing.NONE) {
      return ours;
    }
    return facts.status() == HisStatus.CONFIRMED ? Standing.CONFIRMED : Standing.NONE;
  }
}
