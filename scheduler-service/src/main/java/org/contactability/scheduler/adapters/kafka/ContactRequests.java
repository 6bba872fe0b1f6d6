package org.contactability.scheduler.adapters.kafka;

import java.time.Clock;
import java.util.HashMap;

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

  /**
   * One contact request; a message that offers an answer gets a fresh answer-link token. Built with
   * the generated all-arguments constructors: Avro's builders copy and check every field again,
   * which cost more than the rest of the request (this runs once per due message).
   */
  public ContactRequest request(PlanOutcome.Send send) {
    AppointmentFacts a = send.appointment();
    Channel channel = send.item().channel();
    boolean phone = channel != Channel.EMAIL;
    String address = a.addressFor(channel);
    return new ContactRequest(
        send.requestId(),
        new Correlation(a.appointmentId(), null, null, null, send.item().stepId(), send.planVersion()),
        a.hospitalCode(),
        send.item().purpose(),
        send.template(),
        channel,
        new Recipient(phone ? address : null, phone ? null : address),
        new MessageDetails(a.patientGivenNames(), a.patientFullName(), a.startsAtLocal(), a.zone().getId(),
            a.professionalTitle(), a.professionalName(), a.specialty(), a.siteName(), a.siteAddress(),
            a.hospitalName(), a.hospitalPhone(), a.siteCommune()),
        new HashMap<>(send.variables()),
        send.respondBy() == null ? null : tokens.next(),
        send.respondBy(),
        send.item().notAfter(),
        clock.instant(),
        send.item().causeCommitTime());
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
