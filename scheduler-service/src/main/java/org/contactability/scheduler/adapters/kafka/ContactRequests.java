package org.contactability.scheduler.adapters.kafka;

import java.time.Clock;

import org.contactability.common.links.AnswerTokens;
import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.appointment.AppointmentDecision;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.Correlation;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.MessageDetails;
import org.contactability.contracts.contact.Recipient;
import org.contactability.scheduler.domain.AppointmentFacts;
import org.contactability.scheduler.domain.PlanOutcome;

/** Turns the planner's outcomes into the records other services read. */
public final class ContactRequests {

  private final Clock clock;
  private final AnswerTokens tokens;
  private final String serviceName;

  public ContactRequests(Clock clock, AnswerTokens tokens, String serviceName) {
    this.clock = clock;
    this.tokens = tokens;
    this.serviceName = serviceName;
  }

  /** One contact request; a message that offers an answer gets a fresh answer-link token. */
  public ContactRequest request(PlanOutcome.Send send) {
    AppointmentFacts a = send.appointment();
    Channel channel = send.item().channel();
    boolean phone = channel != Channel.EMAIL;
    return ContactRequest.newBuilder()
        .setRequestId(send.requestId())
        .setCorrelation(Correlation.newBuilder().setAppointmentId(a.appointmentId()).setStepId(send.item().stepId())
            .setPlanVersion(send.planVersion()).build())
        .setHospitalCode(a.hospitalCode())
        .setPurpose(send.item().purpose())
        .setTemplate(send.item().template())
        .setChannel(channel)
        .setRecipient(Recipient.newBuilder().setPhone(phone ? a.phone() : null).setEmail(phone ? null : a.email())
            .build())
        .setDetails(MessageDetails.newBuilder()
            .setPatientGivenNames(a.patientGivenNames())
            .setPatientFullName(a.patientFullName())
            .setStartsAtLocal(a.startsAtLocal())
            .setZone(a.zone().getId())
            .setProfessionalTitle(a.professionalTitle())
            .setProfessionalName(a.professionalName())
            .setSpecialty(a.specialty())
            .setSiteName(a.siteName())
            .setSiteAddress(a.siteAddress())
            .setHospitalName(a.hospitalName())
            .setHospitalPhone(a.hospitalPhone())
            .build())
        .setVariables(new java.util.HashMap<>(send.variables()))
        .setAnswerToken(send.respondBy() == null ? null : tokens.next())
        .setRespondBy(send.respondBy())
        .setNotAfter(send.item().notAfter())
        .setRequestedAt(clock.instant())
        .setSourceCommitTime(send.item().causeCommitTime())
        .build();
  }

  /**
   * A decision seen in the HIS. Its id is stable for one HIS change (appointment, type, commit time),
   * so that a replay of the same change yields the same decision id.
   */
  public AppointmentDecision decision(PlanOutcome.Decide decide, Appointment view) {
    long at = view.getSourceCommitTime() == null ? clock.millis() : view.getSourceCommitTime().toEpochMilli();
    return AppointmentDecision.newBuilder()
        .setDecisionId(serviceName + ":" + view.getAppointmentId() + ":" + decide.type() + ":" + at)
        .setAppointmentId(view.getAppointmentId())
        .setType(decide.type())
        .setReason(decide.reason())
        .setDecidedAt(clock.instant())
        .setDecidedBy(serviceName)
        .setPreviousStartsAt(decide.previousStartsAt())
        .setAppointment(view)
        .build();
  }
}
