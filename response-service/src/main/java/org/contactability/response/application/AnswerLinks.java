package org.contactability.response.application;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.contactability.common.links.AnswerTokens;
import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.appointment.AppointmentDecision;
import org.contactability.contracts.appointment.DecisionType;
import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.CorrelationMethod;
import org.contactability.contracts.contact.MessageDetails;
import org.contactability.contracts.contact.PatientResponse;
import org.contactability.response.domain.Intent;
import org.contactability.response.domain.QuestionKind;

/**
 * The answer page behind {@code /r/<token>}: what it shows (a read that changes nothing) and what
 * pressing one of its buttons does (publishes the answer, like any other channel).
 */
public final class AnswerLinks {

  private final AnswerDirectory directory;
  private final TokenAnswers answers;
  private final AnswerPrivacy privacy;

  public AnswerLinks(AnswerDirectory directory, TokenAnswers answers, AnswerPrivacy privacy) {
    this.directory = directory;
    this.answers = answers;
    this.privacy = privacy;
  }

  /** What the page shows. */
  public sealed interface Page {
  }

  /** No such token (or a malformed one): nothing to show. */
  public record Unknown() implements Page {
  }

  /**
   * The token's answer window closed.
   *
   * @param hospitalCode whose question it was
   * @param details      what the question named (its hospital's name and phone among it), may be null
   */
  public record Expired(String hospitalCode, MessageDetails details) implements Page {
  }

  /**
   * An open question.
   *
   * @param question the request the token belongs to
   * @param kind     what it asks
   * @param details  what to show: the appointment as it is now, or the offered slot
   * @param status   where things stand
   * @param actions  the buttons to offer
   * @param notice   the outcome of the answer just given, if one was named and is known
   */
  public record Open(ContactRequest question, QuestionKind kind, MessageDetails details, Status status,
      Set<Intent> actions, Optional<Notice> notice) implements Page {
  }

  /** Where an appointment (or an offer) stands, as the page tells it. */
  public enum Status {
    PENDING, CONFIRMED, CANCELLED, CANCELLED_BY_HOSPITAL, TOO_LATE, MOVED, ANSWERED
  }

  /** The outcome of an answer, shown once after it. */
  public enum Notice {
    CONFIRMED, CANCELLED, TOO_LATE, ALREADY_CANCELLED, MOVED, RECEIVED
  }

  /** An answer accepted for judging. */
  public record Submitted(PatientResponse response, boolean decisionExpected) {
  }

  public Page view(String token, Instant now) {
    return view(token, now, null, false);
  }

  /**
   * @param responseId   an answer given through this page whose outcome to show; ignored when it is not about
   *                     this token's subject
   * @param submittedHere whether this browser is known to have given that answer (the page's POST said so):
   *                     only then does the page say it was received before its outcome is known. An id nobody
   *                     gave, or one whose outcome is not known yet, says nothing about an answer.
   */
  public Page view(String token, Instant now, String responseId, boolean submittedHere) {
    Page page = page(token, now, responseId, submittedHere);
    return page instanceof Open open ? new Open(open.question(), open.kind(), privacy.withNamesOpened(open.details()),
        open.status(), open.actions(), open.notice()) : page;
  }

  private Page page(String token, Instant now, String responseId, boolean submittedHere) {
    if (!AnswerTokens.isWellFormed(token)) {
      return new Unknown();
    }
    Optional<ContactRequest> found = directory.requestByToken(token);
    if (found.isEmpty() || Questions.kindOf(found.get().getPurpose()) == null
        || Questions.kindOf(found.get().getPurpose()) == QuestionKind.WHICH_APPOINTMENT) {
      return new Unknown();
    }
    ContactRequest question = found.get();
    MessageDetails asked = question.getDetails();
    if (question.getRespondBy() != null && now.isAfter(question.getRespondBy())) {
      return new Expired(question.getHospitalCode(), asked);
    }
    QuestionKind kind = Questions.kindOf(question.getPurpose());
    if (kind != QuestionKind.APPOINTMENT) {
      // The waiting list judges these; all the page can know is that this browser answered.
      boolean answered = responseId != null && submittedHere;
      return new Open(question, kind, asked, answered ? Status.ANSWERED : Status.PENDING,
          answered ? Set.of() : EnumSet.of(kind.yes(), kind.no()),
          answered ? Optional.of(Notice.RECEIVED) : Optional.empty());
    }
    return appointmentPage(question, now, responseId, submittedHere);
  }

  private Page appointmentPage(ContactRequest question, Instant now, String responseId, boolean submittedHere) {
    String appointmentId = question.getCorrelation().getAppointmentId();
    Optional<Appointment> current = appointmentId == null ? Optional.empty() : directory.appointment(appointmentId);
    if (current.isEmpty()) {
      return new Unknown();
    }
    Appointment appointment = current.get();
    MessageDetails details = AnswerRequests.detailsOf(appointment);
    Optional<Notice> notice = noticeFor(responseId, appointmentId, submittedHere);
    MessageDetails asked = question.getDetails();
    if (asked != null && asked.getStartsAtLocal() != null
        && !asked.getStartsAtLocal().equals(appointment.getStartsAtLocal())) {
      return new Open(question, QuestionKind.APPOINTMENT, details, Status.MOVED, Set.of(), notice);
    }
    if (appointment.getStatus() == AppointmentStatus.CANCELLED_BY_HOSPITAL) {
      return new Open(question, QuestionKind.APPOINTMENT, details, Status.CANCELLED_BY_HOSPITAL, Set.of(), notice);
    }
    Status standing = standing(appointment);
    Instant confirmBy = appointment.getConfirmUntil() != null ? appointment.getConfirmUntil() : appointment.getStartsAt();
    Instant cancelBy = appointment.getCancelUntil() != null ? appointment.getCancelUntil() : appointment.getStartsAt();
    Set<Intent> actions = EnumSet.noneOf(Intent.class);
    if (standing == Status.CANCELLED) {
      return new Open(question, QuestionKind.APPOINTMENT, details, standing, actions, notice);
    }
    if (standing != Status.CONFIRMED && !now.isAfter(confirmBy)) {
      actions.add(Intent.CONFIRM);
    }
    if (!now.isAfter(cancelBy)) {
      actions.add(Intent.CANCEL);
    }
    Status status = standing == Status.CONFIRMED ? Status.CONFIRMED
        : actions.isEmpty() ? Status.TOO_LATE : Status.PENDING;
    return new Open(question, QuestionKind.APPOINTMENT, details, status, actions, notice);
  }

  /** The patient's standing decision for the appointment's current time, or what the HIS shows. */
  private Status standing(Appointment appointment) {
    if (appointment.getStatus() == AppointmentStatus.CANCELLED_BY_PATIENT) {
      return Status.CANCELLED;
    }
    Optional<AppointmentDecision> latest = directory.standingDecision(appointment.getAppointmentId())
        .filter(d -> d.getAppointment().getStartsAtLocal().equals(appointment.getStartsAtLocal()));
    Optional<DecisionType> decided = latest.map(AppointmentDecision::getType);
    if (decided.isPresent() && decided.get() == DecisionType.CANCELLED_BY_PATIENT) {
      return Status.CANCELLED;
    }
    if (decided.isPresent() && decided.get() == DecisionType.CONFIRMED
        || appointment.getStatus() == AppointmentStatus.CONFIRMED) {
      return Status.CONFIRMED;
    }
    return Status.PENDING;
  }

  /** The outcome of the answer, when it is known; "received" only when this browser gave it and it is not judged yet. */
  private Optional<Notice> noticeFor(String responseId, String appointmentId, boolean submittedHere) {
    if (responseId == null) {
      return Optional.empty();
    }
    Optional<AppointmentDecision> decision = directory.decisionForResponse(responseId)
        .filter(d -> d.getAppointmentId().equals(appointmentId));
    if (decision.isEmpty()) {
      return submittedHere ? Optional.of(Notice.RECEIVED) : Optional.empty();
    }
    switch (decision.get().getType()) {
      case CONFIRMED:
        return Optional.of(Notice.CONFIRMED);
      case CANCELLED_BY_PATIENT:
        return Optional.of(Notice.CANCELLED);
      case REJECTED_TOO_LATE:
        return Optional.of(Notice.TOO_LATE);
      case REJECTED_ALREADY_CANCELLED:
        return Optional.of(Notice.ALREADY_CANCELLED);
      default:
        return Optional.of(Notice.MOVED);
    }
  }

  /**
   * Publishes the answer a button of the page gave. Only the two answers of the token's question are
   * accepted; whether it stands is the judge's call (it may be too late by now).
   *
   * @return empty when the token cannot be answered (unknown, expired, or an answer its question does not take)
   */
  public Optional<CompletableFuture<Submitted>> answer(String token, Intent intent, Instant now) {
    Page page = view(token, now);
    if (!(page instanceof Open open) || !open.kind().accepts(intent)) {
      return Optional.empty();
    }
    boolean alreadyStanding = intent == Intent.CONFIRM && open.status() == Status.CONFIRMED
        || intent == Intent.CANCEL && open.status() == Status.CANCELLED;
    boolean judgedHere = open.kind() == QuestionKind.APPOINTMENT && !alreadyStanding;
    return Optional.of(answers.submit(open.question(), intent, Channel.WEB, CorrelationMethod.ANSWER_LINK,
            UUID.randomUUID().toString(), null, intent.name(), null)
        .thenApply(response -> new Submitted(response, judgedHere)));
  }
}
