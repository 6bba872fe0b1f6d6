package org.contactability.scheduler.adapters.kafka;

import java.time.Clock;
import java.util.HashMap;

import org.contactability.common.links.AnswerTokens;
import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.appointment.AppointmentDecision;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.Correlation;
import org.contactability.contracts.common.ContactPurpose;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.FailureKind;
import org.contactability.contracts.contact.MessageDetails;
import org.contactability.contracts.contact.Recipient;
import org.contactability.scheduler.domain.AppointmentFacts;
import org.contactability.scheduler.domain.PlanItem;
import org.contactability.scheduler.domain.PlanItems;
import org.contactability.scheduler.domain.PlanOutcome;
import org.contactability.scheduler.domain.SkipReason;

/** Turns the planner's outcomes into the records other services read. */
public final class ContactRequests {

  /** Step id of the SKIPPED status of an appointment for which nothing could be planned. */
  static final String NOTHING_PLANNED = "nothing-planned";

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
        send.notAfter(),
        clock.instant(),
        send.item().causeCommitTime());
  }

  /** The trace of a planned message that will not go: a SKIPPED status of its request, with the reason. */
  public ContactStatus skipped(PlanOutcome.Skip skip) {
    AppointmentFacts a = skip.appointment();
    PlanItem item = skip.item();
    return skipped(skip.requestId(), new Correlation(a.appointmentId(), null, null, null, item.stepId(),
        skip.planVersion()), a.hospitalCode(), item.purpose(), item.channel(), item.skip(), item.note());
  }

  /**
   * The trace of an appointment for which nothing can be planned (its patient row is unreadable, its
   * hospital is not configured): one SKIPPED status with channel WEB, as no channel was tried.
   */
  public ContactStatus nothingPlanned(String appointmentId, String hospitalCode, SkipReason reason, String why) {
    return skipped(PlanItems.requestId(appointmentId, NOTHING_PLANNED, 0, Channel.WEB),
        new Correlation(appointmentId, null, null, null, null, null), hospitalCode, ContactPurpose.OTHER, Channel.WEB,
        reason, why);
  }

  private ContactStatus skipped(String requestId, Correlation correlation, String hospitalCode,
      ContactPurpose purpose, Channel channel, SkipReason reason, String why) {
    FailureKind failure = reason.failure();
    return ContactStatus.newBuilder()
        .setStatusId(serviceName + ":" + requestId + ":" + DeliveryStatus.SKIPPED)
        .setRequestId(requestId)
        .setCorrelation(correlation)
        .setHospitalCode(hospitalCode == null ? "" : hospitalCode)
        .setPurpose(purpose)
        .setChannel(channel)
        .setStatus(DeliveryStatus.SKIPPED)
        .setPermanent(failure == FailureKind.PERMANENT)
        .setFailure(failure)
        .setProvider(serviceName)
        .setErrorCode(reason.code())
        .setReason(why)
        .setOccurredAt(clock.instant())
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
