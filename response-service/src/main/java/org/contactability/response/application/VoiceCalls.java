package org.contactability.response.application;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.contactability.common.hospital.HospitalProfile;
import org.contactability.common.hospital.HospitalProfiles;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.CorrelationMethod;
import org.contactability.contracts.contact.PatientResponse;
import org.contactability.response.domain.Intent;
import org.contactability.response.domain.QuestionKind;

/**
 * A reminder call: the notifier places it with {@code /twilio/voice/<token>} as its TwiML URL; the
 * call reads the question and takes one digit (1 = yes, 2 = no), which becomes an answer like any other.
 * It offers what the answer page of the same token offers (a patient who confirmed may only cancel),
 * and names the hospital as its profile does.
 */
public final class VoiceCalls {

  private final AnswerLinks links;
  private final TokenAnswers answers;
  private final HospitalProfiles profiles;

  public VoiceCalls(AnswerLinks links, TokenAnswers answers, HospitalProfiles profiles) {
    this.links = links;
    this.answers = answers;
    this.profiles = profiles;
  }

  /** What a call says. */
  public sealed interface Script {
  }

  /** The token is unknown or its window closed: the call says so and hangs up. */
  public record NotValid(String hospitalPhone) implements Script {
  }

  /**
   * Read the question and ask for a digit, for the answers still open.
   *
   * @param question where the question stands, as the answer page shows it
   * @param hospital the hospital as the call names it
   */
  public record Ask(AnswerLinks.Open question, HospitalProfile hospital) implements Script {
  }

  public Script script(String token, Instant now) {
    AnswerLinks.Page page = links.view(token, now);
    if (page instanceof AnswerLinks.Open open) {
      return new Ask(open, profiles.of(open.question().getHospitalCode(), open.details()));
    }
    if (page instanceof AnswerLinks.Expired expired) {
      return new NotValid(profiles.of(expired.hospitalCode(), expired.details()).phone());
    }
    return new NotValid(null);
  }

  /** What pressing a key did. */
  public sealed interface Pressed {
  }

  /** Not 1 or 2, or an answer the question no longer takes: ask again. */
  public record NotUnderstood() implements Pressed {
  }

  /** The answer was published; the judge decides appointments, the waiting list decides offers. */
  public record Answered(PatientResponse response, QuestionKind kind) implements Pressed {
  }

  /**
   * @param callSid   Twilio's id of the call
   * @param patient   the number called (Twilio's "To" of an outbound call)
   */
  public Optional<CompletableFuture<Pressed>> press(String token, String digits, String callSid, String patient,
      Instant now) {
    if (!(links.view(token, now) instanceof AnswerLinks.Open open)) {
      return Optional.empty();
    }
    QuestionKind kind = open.kind();
    Intent intent = "1".equals(digits) ? kind.yes() : "2".equals(digits) ? kind.no() : null;
    if (intent == null || !open.actions().contains(intent)) {
      return Optional.of(CompletableFuture.completedFuture(new NotUnderstood()));
    }
    String responseId = (callSid == null ? token : callSid) + ":" + digits;
    return Optional.of(answers.submit(open.question(), intent, Channel.VOICE, CorrelationMethod.VOICE_CALL,
            responseId, patient, digits, callSid)
        .thenApply(response -> new Answered(response, kind)));
  }
}
