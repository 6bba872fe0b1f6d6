package org.contactability.response.support;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;

import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.appointment.Hospital;
import org.contactability.contracts.appointment.Patient;
import org.contactability.contracts.appointment.Professional;
import org.contactability.contracts.appointment.Site;
import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.AppointmentType;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.ContactPurpose;
import org.contactability.contracts.common.Correlation;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.MessageDetails;
import org.contactability.contracts.contact.Recipient;
import org.contactability.response.application.AnswerRequests;

/** Appointments, questions and delivery reports as the scheduler and the notifier publish them. */
public final class Fixtures {

  public static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  public static final String HOSPITAL = "chillan";
  public static final String HOSPITAL_PHONE = "+56422586400";
  public static final String PATIENT_PHONE = "+56961234567";

  private Fixtures() {
  }

  /** Juan's appointment at Chillán's specialty centre; confirm until 48 h before, cancel until 24 h before. */
  public static Appointment appointment(String id, LocalDateTime startsAtLocal) {
    Instant startsAt = startsAtLocal.atZone(SANTIAGO).toInstant();
    return Appointment.newBuilder()
        .setAppointmentId(id)
        .setHospital(Hospital.newBuilder().setCode(HOSPITAL).setName("Hospital Clínico Herminda Martín")
            .setPhone(HOSPITAL_PHONE).setZone(SANTIAGO.getId()).build())
        .setSite(Site.newBuilder().setId("cae").setName("Centro de Especialidades")
            .setAddress("Francisco Ramírez 10").setCommune("Chillán").build())
        .setPatient(Patient.newBuilder().setId("p-" + id).setRut("12345678-5").setGivenNames("Juan Dionisio")
            .setFullName("Juan Dionisio Soto Cabrera").setMobilePhone(PATIENT_PHONE).setEmail("juan@example.cl")
            .build())
        .setProfessional(Professional.newBuilder().setId("pr-1").setTitle("Dra.")
            .setFullName("Juanita Pérez Mellado").build())
        .setSpecialty("Medicina Interna")
        .setType(AppointmentType.CONTROL)
        .setStatus(AppointmentStatus.BOOKED)
        .setStartsAt(startsAt)
        .setStartsAtLocal(startsAtLocal)
        .setDurationMinutes(20)
        .setPolicyId("chillan-cae")
        .setConfirmUntil(startsAt.minus(Duration.ofHours(48)))
        .setCancelUntil(startsAt.minus(Duration.ofHours(24)))
        .build();
  }

  public static Appointment withStatus(Appointment appointment, AppointmentStatus status) {
    return Appointment.newBuilder(appointment).setStatus(status).build();
  }

  /** A reminder about {@code appointment} on {@code channel}, answerable until the cancel deadline. */
  public static ContactRequest reminder(String requestId, Appointment appointment, Channel channel, String token,
      Instant requestedAt) {
    return ContactRequest.newBuilder()
        .setRequestId(requestId)
        .setCorrelation(Correlation.newBuilder().setAppointmentId(appointment.getAppointmentId())
            .setStepId("reminder").setPlanVersion(1).build())
        .setHospitalCode(HOSPITAL)
        .setPurpose(ContactPurpose.REMINDER)
        .setTemplate("reminder")
        .setChannel(channel)
        .setRecipient(Recipient.newBuilder().setPhone(channel == Channel.EMAIL ? null : "9 6123 4567")
            .setEmail(channel == Channel.EMAIL ? "juan@example.cl" : null).build())
        .setDetails(AnswerRequests.detailsOf(appointment))
        .setVariables(Map.of())
        .setAnswerToken(token)
        .setRespondBy(appointment.getCancelUntil())
        .setRequestedAt(requestedAt)
        .build();
  }

  /** A slot offered to a waiting-list patient. */
  public static ContactRequest offer(String requestId, String offerId, String slotAppointmentId,
      LocalDateTime slotLocal, String token, Instant requestedAt, Instant respondBy) {
    return ContactRequest.newBuilder()
        .setRequestId(requestId)
        .setCorrelation(Correlation.newBuilder().setAppointmentId(slotAppointmentId).setOfferId(offerId)
            .setWaitlistEntryId("entry-9").build())
        .setHospitalCode(HOSPITAL)
        .setPurpose(ContactPurpose.SLOT_OFFER)
        .setTemplate("slot-offer")
        .setChannel(Channel.SMS)
        .setRecipient(Recipient.newBuilder().setPhone(PATIENT_PHONE).build())
        .setDetails(MessageDetails.newBuilder().setPatientGivenNames("Juan").setStartsAtLocal(slotLocal)
            .setZone(SANTIAGO.getId()).setSpecialty("Cardiología").setSiteName("Centro de Especialidades")
            .setHospitalName("Hospital Clínico Herminda Martín").setHospitalPhone(HOSPITAL_PHONE).build())
        .setVariables(Map.of("offerExpiresAt", respondBy.toString()))
        .setAnswerToken(token)
        .setRespondBy(respondBy)
        .setRequestedAt(requestedAt)
        .build();
  }

  public static ContactStatus status(ContactRequest request, DeliveryStatus status, String providerMessageId,
      Instant at) {
    return ContactStatus.newBuilder()
        .setStatusId(request.getRequestId() + ":" + status + ":" + at.toEpochMilli())
        .setRequestId(request.getRequestId())
        .setCorrelation(request.getCorrelation())
        .setHospitalCode(request.getHospitalCode())
        .setPurpose(request.getPurpose())
        .setChannel(request.getChannel())
        .setRecipient(PATIENT_PHONE)
        .setStatus(status)
        .setProvider("twilio")
        .setProviderMessageId(providerMessageId)
        .setOccurredAt(at)
        .build();
  }
}
