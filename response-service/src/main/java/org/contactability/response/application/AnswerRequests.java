package org.contactability.response.application;

import java.time.Clock;
import java.util.Map;

import org.contactability.common.templates.MessageTemplate;
import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.Correlation;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.MessageDetails;
import org.contactability.contracts.contact.PatientResponse;
import org.contactability.contracts.contact.Recipient;

/** Builds the messages response-service asks the notifier to send back to a patient. */
public final class AnswerRequests {

  private final Clock clock;

  public AnswerRequests(Clock clock) {
    this.clock = clock;
  }

  /**
   * @param requestId   idempotency key: one answer message per patient answer
   * @param template    what to say
   * @param correlation what it is about
   * @param hospital    whose templates and sender
   * @param route       where to send it
   * @param details     the appointment or slot to name, may be null
   * @param variables   extra template variables
   */
  public ContactRequest answer(String requestId, MessageTemplate template, Correlation correlation, String hospital,
      Route route, MessageDetails details, Map<String, String> variables) {
    return ContactRequest.newBuilder()
        .setRequestId(requestId)
        .setCorrelation(correlation == null ? Correlation.newBuilder().build() : correlation)
        .setHospitalCode(hospital)
        .setPurpose(template.purpose())
        .setTemplate(template.templateName())
        .setChannel(route.channel())
        .setRecipient(Recipient.newBuilder().setPhone(route.phone()).setEmail(route.email()).build())
        .setDetails(details)
        .setVariables(variables)
        .setRequestedAt(clock.instant())
        .build();
  }

  /** What messages name about an appointment: the current view, not what a former message said. */
  public static MessageDetails detailsOf(Appointment appointment) {
    return MessageDetails.newBuilder()
        .setPatientGivenNames(appointment.getPatient().getGivenNames())
        .setPatientFullName(appointment.getPatient().getFullName())
        .setStartsAtLocal(appointment.getStartsAtLocal())
        .setZone(appointment.getHospital().getZone())
        .setProfessionalTitle(appointment.getProfessional().getTitle())
        .setProfessionalName(appointment.getProfessional().getFullName())
        .setSpecialty(appointment.getSpecialty())
        .setSiteName(appointment.getSite().getName())
        .setSiteAddress(appointment.getSite().getAddress())
        .setSiteCommune(appointment.getSite().getCommune())
        .setHospitalName(appointment.getHospital().getName())
        .setHospitalPhone(appointment.getHospital().getPhone())
        .build();
  }

  /**
   * Where the answer to a patient's answer goes: back where the patient wrote from; for the answer page,
   * where the question went (the SMS or e-mail that carried the link); for a call, by SMS to the number called.
   */
  public static Route routeFor(PatientResponse response, ContactRequest question) {
    Channel channel = response.getChannel();
    if ((channel == Channel.WHATSAPP || channel == Channel.SMS || channel == Channel.VOICE)
        && response.getFrom() != null) {
      return new Route(channel == Channel.VOICE ? Channel.SMS : channel, response.getFrom(), null);
    }
    if (question == null) {
      return new Route(Channel.SMS, response.getFrom(), null);
    }
    Recipient to = question.getRecipient();
    Channel asked = question.getChannel();
    if (asked == Channel.VOICE || asked == Channel.WEB) {
      return new Route(Channel.SMS, to.getPhone(), null);
    }
    return new Route(asked, to.getPhone(), to.getEmail());
  }

  /** A channel and an address on it. */
  public record Route(Channel channel, String phone, String email) {
  }
}
