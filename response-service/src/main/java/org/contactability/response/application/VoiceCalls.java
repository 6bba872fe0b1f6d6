package org.contactability.response.application;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.contactability.common.links.AnswerTokens;
import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.CorrelationMethod;
import org.contactability.contracts.contact.MessageDetails;
import org.contactability.contracts.contact.PatientResponse;
import org.contactability.response.domain.Intent;
import org.contactability.response.domain.QuestionKind;

/**
 * A reminder call: the notifier places it with {@code /twilio/voice/<token>} as its TwiML URL; the
 * call reads the question and takes one digit (1 = yes, 2 = no), which becomes an answer like any other.
 */
public final class VoiceCalls {

  private final AnswerDirectory directory;
  private final TokenAnswers answers;

  public VoiceCalls(AnswerDirectory directory, TokenAnswers answers) {
    this.directory = directory;
    this.answers = answers;
  }

  /** What a call says. */
  public sealed interface Script {
  }

  /** The token is unknown or its window closed: the call says so and hangs up. */
  public record NotValid(String hospitalPhone) implements Script {
  }

  /** Read the question and ask for a digit. */
  public record Ask(QuestionKind kind, MessageDetails details) implements Script {
  }

  public Script script(String token, Instant now) {
    Optional<ContactRequest> question = openQuestion(token, now);
    if (question.isEmpty()) {
      return new NotValid(directory.requestByToken(token).map(ContactRequest::getDetails)
          .map(MessageDetails::getHospitalPhone).orElse(null));
    }
    ContactRequest request = question.get();
    QuestionKind kind = Questions.kindOf(request.getPurpose());
    MessageDetails details = request.getDetails();
    if (kind == QuestionKind.APPOINTMENT && request.getCorrelation().getAppointmentId() != null) {
      Optional<Appointment> appointment = directory.appointment(request.getCorrelation().getAppointmentId());
      if (appointment.isPresent()) {
        details = AnswerRequests.detailsOf(appointment.get());
      }
    }
    return new Ask(kind, details);
  }

  /** What pressing a key did. */
  public sealed interface Pressed {
  }

  /** Not 1 or 2: ask again. */
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
    Optional<ContactRequest> question = openQuestion(token, now);
    if (question.isEmpty()) {
      return Optional.empty();
    }
    QuestionKind kind = Questions.kindOf(question.get().getPurpose());
    Intent intent = "1".equals(digits) ? kind.yes() : "2".equals(digits) ? kind.no() : null;
    if (intent == null) {
      return Optional.of(CompletableFuture.completedFuture(new NotUnderstood()));
    }
    String responseId = (callSid == null ? token : callSid) + ":" + digits;
    return Optional.of(answers.submit(question.get(), intent, Channel.VOICE, CorrelationMethod.VOICE_CALL,
            responseId, patient, digits, callSid)
        .thenApply(response -> new Answered(response, kind)));
  }

  private Optional<ContactRequest> openQuestion(String token, Instant now) {
    if (!AnswerTokens.isWellFormed(token)) {
      return Optional.empty();
    }
    return directory.requestByToken(token)
        .filter(r -> Questions.kindOf(r.getPurpose()) != null
            && Questions.kindOf(r.getPurpose()) != QuestionKind.WHICH_APPOINTMENT)
        .filter(r -> r.getRespondBy() == null || !now.isAfter(r.getRespondBy()));
  }
}
