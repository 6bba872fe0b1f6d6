package org.contactability.notifier;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Map;

import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.ContactPurpose;
import org.contactability.contracts.common.Correlation;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.MessageDetails;
import org.contactability.contracts.contact.Recipient;

/** Contact requests as the scheduler, response-service and waitlist-service make them. */
public final class Requests {

  public static final String TOKEN = "AbCdEfGhIjKlMnOp";
  public static final String PHONE = "+56987654321";
  public static final String EMAIL = "juan.soto@example.cl";

  private Requests() {
  }

  /** The appointment of DESIGN.md §1: Juan Dionisio Soto Cabrera, 6 May at 10:00, Dra. Juanita Pérez Mellado. */
  public static MessageDetails chillanAppointment() {
    return MessageDetails.newBuilder()
        .setPatientGivenNames("Juan Dionisio")
        .setPatientFullName("Juan Dionisio Soto Cabrera")
        .setStartsAtLocal(LocalDateTime.of(2026, 5, 6, 10, 0))
        .setZone("America/Santiago")
        .setProfessionalTitle("Dra.")
        .setProfessionalName("Juanita Pérez Mellado")
        .setSpecialty("Medicina Interna")
        .setSiteName("Centro de Especialidades")
        .setSiteAddress("Francisco Ramírez 10")
        .setSiteCommune("Chillán")
        .setHospitalName("Hospital de Chillán")
        .setHospitalPhone("+56 42 258 6400")
        .build();
  }

  public static ContactRequest.Builder request(String requestId, String hospital, String template, Channel channel) {
    return ContactRequest.newBuilder()
        .setRequestId(requestId)
        .setCorrelation(Correlation.newBuilder().setAppointmentId("A-1001").setStepId("reminder").setPlanVersion(1).build())
        .setHospitalCode(hospital)
        .setPurpose(ContactPurpose.REMINDER)
        .setTemplate(template)
        .setChannel(channel)
        .setRecipient(Recipient.newBuilder().setPhone(PHONE).setEmail(EMAIL).build())
        .setDetails(chillanAppointment())
        .setVariables(Map.of())
        .setAnswerToken(TOKEN)
        .setRespondBy(Instant.parse("2026-05-04T14:00:00Z"))
        .setRequestedAt(Instant.parse("2026-05-02T14:00:00Z"));
  }

  public static ContactRequest reminder(String requestId, Channel channel) {
    return request(requestId, "HCHM", "reminder", channel).build();
  }
}
