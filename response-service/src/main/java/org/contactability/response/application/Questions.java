package org.contactability.response.application;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.contactability.contracts.common.ContactPurpose;
import org.contactability.contracts.common.Correlation;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.MessageDetails;
import org.contactability.response.domain.AskedQuestion;
import org.contactability.response.domain.QuestionKind;
import org.contactability.response.domain.Reply;

/** Reads contact requests as questions: what they ask, what about, and a which-appointment question's options. */
public final class Questions {

  /** Variables of a {@code which-appointment-question} request (documented in docs/response-service.md). */
  public static final String OPTION_COUNT = "optionCount";
  public static final String PENDING_ANSWER = "pendingAnswer";

  private Questions() {
  }

  /** What a request with this purpose asks; null when it asks nothing. */
  public static QuestionKind kindOf(ContactPurpose purpose) {
    if (purpose == null) {
      return null;
    }
    switch (purpose) {
      case BOOKING_NOTICE:
      case REMINDER:
      case RESCHEDULE_NOTICE:
        return QuestionKind.APPOINTMENT;
      case SLOT_OFFER:
        return QuestionKind.OFFER;
      case STILL_NEEDED_QUESTION:
        return QuestionKind.STILL_NEEDED;
      case WHICH_APPOINTMENT_QUESTION:
        return QuestionKind.WHICH_APPOINTMENT;
      default:
        return null;
    }
  }

  public static boolean isQuestion(ContactRequest request) {
    return kindOf(request.getPurpose()) != null;
  }

  /** What the request is about, as a key: questions about one subject are answered together. */
  public static String subjectOf(ContactRequest request) {
    Correlation c = request.getCorrelation();
    QuestionKind kind = kindOf(request.getPurpose());
    if (kind == QuestionKind.OFFER && c.getOfferId() != null) {
      return "offer:" + c.getOfferId();
    }
    if (kind == QuestionKind.STILL_NEEDED && c.getWaitlistEntryId() != null) {
      return "entry:" + c.getWaitlistEntryId() + ":" + c.getCampaignId();
    }
    if (kind == QuestionKind.APPOINTMENT && c.getAppointmentId() != null) {
      return "appointment:" + c.getAppointmentId();
    }
    return "request:" + request.getRequestId();
  }

  public static AskedQuestion asked(ContactRequest request, Instant askedAt) {
    QuestionKind kind = kindOf(request.getPurpose());
    if (kind == null) {
      throw new IllegalArgumentException("request " + request.getRequestId() + " (" + request.getPurpose()
          + ") asks nothing");
    }
    List<String> options = new ArrayList<>();
    Reply pending = null;
    if (kind == QuestionKind.WHICH_APPOINTMENT) {
      Map<String, String> variables = request.getVariables();
      int count = parseCount(variables.get(OPTION_COUNT));
      for (int n = 1; n <= count; n++) {
        String option = variables.get(optionVariable(n, "requestId"));
        if (option != null) {
          options.add(option);
        }
      }
      pending = "YES".equals(variables.get(PENDING_ANSWER)) ? Reply.YES
          : "NO".equals(variables.get(PENDING_ANSWER)) ? Reply.NO : null;
    }
    return new AskedQuestion(request.getRequestId(), kind, subjectOf(request), askedAt, request.getRespondBy(),
        startOf(request.getDetails()), options, pending);
  }

  /** Name of a variable of option {@code n} (1-based) of a which-appointment question. */
  public static String optionVariable(int n, String field) {
    return "option." + n + "." + field;
  }

  /** The start of the appointment or slot the details describe, as an instant; null when unknown. */
  public static Instant startOf(MessageDetails details) {
    if (details == null || details.getStartsAtLocal() == null) {
      return null;
    }
    ZoneId zone = details.getZone() == null ? ZoneId.of("UTC") : ZoneId.of(details.getZone());
    return details.getStartsAtLocal().atZone(zone).toInstant();
  }

  private static int parseCount(String count) {
    try {
      return count == null ? 0 : Integer.parseInt(count);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
