package org.contactability.response.application;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.appointment.AppointmentDecision;
import org.contactability.contracts.contact.ContactRequest;

/**
 * What response-service knows from the topics it reads: the questions it may be answered about, their
 * deliveries, the appointments and the decisions. Kept current by the stream processor; read by the
 * webhooks and the answer page.
 */
public interface AnswerDirectory {

  /** Whether the view has caught up with the topics once since start-up: before that, answers cannot be correlated. */
  boolean isReady();

  /** The request that carried an answer-link or call token. */
  Optional<ContactRequest> requestByToken(String token);

  Optional<ContactRequest> requestById(String requestId);

  /** The request whose message has this provider id (a WhatsApp quick reply names the message it answers). */
  Optional<ContactRequest> requestByProviderMessageId(String providerMessageId);

  /** Questions put to this E.164 number that reached it, or whose fate is not known yet; failed sends are left out. */
  List<Asked> questionsTo(String phone);

  Optional<Appointment> appointment(String appointmentId);

  /** The decision that judged this answer, once judged. */
  Optional<AppointmentDecision> decisionForResponse(String responseId);

  /** The patient's latest standing decision about this appointment: its last CONFIRMED or CANCELLED_BY_PATIENT. */
  Optional<AppointmentDecision> standingDecision(String appointmentId);

  /**
   * A question as it reached the patient.
   *
   * @param request the request
   * @param askedAt first delivery report, or when it was requested when no report came yet
   */
  record Asked(ContactRequest request, Instant askedAt) {
  }
}
