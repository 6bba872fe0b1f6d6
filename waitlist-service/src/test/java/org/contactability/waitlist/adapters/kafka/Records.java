package org.contactability.waitlist.adapters.kafka;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.UUID;

import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.appointment.AppointmentDecision;
import org.contactability.contracts.appointment.DecisionType;
import org.contactability.contracts.appointment.Hospital;
import org.contactability.contracts.appointment.Patient;
import org.contactability.contracts.appointment.Professional;
import org.contactability.contracts.appointment.Site;
import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.AppointmentType;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.ChangeOperation;
import org.contactability.contracts.common.ContactPurpose;
import org.contactability.contracts.common.Correlation;
import org.contactability.contracts.common.SourcePosition;
import org.contactability.contracts.common.WaitlistStatus;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.CorrelationMethod;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.Intent;
import org.contactability.contracts.contact.PatientResponse;
import org.contactability.contracts.his.CommandOutcome;
import org.contactability.contracts.his.HisCommandResult;
import org.contactability.contracts.his.PatientChange;
import org.contactability.contracts.his.PatientRow;
import org.contactability.contracts.his.WaitlistEntryChange;
import org.contactability.contracts.his.WaitlistEntryRow;
import org.contactability.contracts.waitlist.PurgeCampaign;

/** Contract records as the other services would write them, for the waitlist's tests. */
final class Records {

  static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");

  private Records() {
  }

  static SourcePosition source(Instant at) {
    return SourcePosition.newBuilder().setConnector("postgresql").setDatabase("his").setTable("t")
        .setCommitTime(at).setCapturedAt(at).build();
  }

  static WaitlistEntryRow.Builder entry(String id, String patientId, String specialty) {
    return WaitlistEntryRow.newBuilder().setId(id).setPatientId(patientId).setHospitalCode("HCH")
        .setSpecialty(specialty).setAppointmentType(AppointmentType.NEW_CONSULTATION).setGes(false)
        .setClinicalPriority(3).setEnteredOn(LocalDate.parse("2025-01-01")).setStatus(WaitlistStatus.WAITING);
  }

  static WaitlistEntryChange entryChange(WaitlistEntryRow row, Instant at) {
    return WaitlistEntryChange.newBuilder().setOp(ChangeOperation.SNAPSHOT).setAfter(row).setSource(source(at)).build();
  }

  static WaitlistEntryChange entryDeleted(WaitlistEntryRow row, Instant at) {
    return WaitlistEntryChange.newBuilder().setOp(ChangeOperation.DELETE).setBefore(row).setAfter(null)
        .setSource(source(at)).build();
  }

  static PatientChange patient(String id, String phone, String email, Instant at) {
    return PatientChange.newBuilder().setOp(ChangeOperation.SNAPSHOT).setSource(source(at))
        .setAfter(PatientRow.newBuilder().setId(id).setGivenNames("Juan " + id).setPaternalSurname("Soto")
            .setMaternalSurname("Cabrera").setMobilePhone(phone).setEmail(email).build())
        .build();
  }

  static Appointment appointment(String id, String patientId, String specialty, LocalDateTime local) {
    return Appointment.newBuilder()
        .setAppointmentId(id)
        .setHospital(Hospital.newBuilder().setCode("HCH").setName("Hospital Clínico Herminda Martín")
            .setPhone("+56422586000").setZone(SANTIAGO.getId()).build())
        .setSite(Site.newBuilder().setId("site-1").setName("Centro de Especialidades").setAddress("Francisco Ramírez 10")
            .build())
        .setPatient(Patient.newBuilder().setId(patientId).setGivenNames("Ana").setFullName("Ana Pérez")
            .setMobilePhone("+56900000000").build())
        .setProfessional(Professional.newBuilder().setId("prof-1").setTitle("Dra.").setFullName("Juanita Pérez Mellado")
            .build())
        .setSpecialty(specialty)
        .setType(AppointmentType.NEW_CONSULTATION)
        .setStatus(AppointmentStatus.CANCELLED_BY_PATIENT)
        .setStartsAt(local.atZone(SANTIAGO).toInstant())
        .setStartsAtLocal(local)
        .setDurationMinutes(20)
        .build();
  }

  static AppointmentDecision decision(DecisionType type, Appointment appointment, Instant at) {
    return AppointmentDecision.newBuilder().setDecisionId(UUID.randomUUID().toString())
        .setAppointmentId(appointment.getAppointmentId()).setType(type).setDecidedAt(at)
        .setDecidedBy("response-service").setAppointment(appointment).build();
  }

  static PatientResponse offerAnswer(String offerId, String entryId, Intent intent, Instant at) {
    return PatientResponse.newBuilder().setResponseId(UUID.randomUUID().toString()).setReceivedAt(at)
        .setChannel(Channel.WHATSAPP).setFrom("+56911111111").setIntent(intent)
        .setButtonPayload(intent.name())
        .setCorrelation(Correlation.newBuilder().setOfferId(offerId).setWaitlistEntryId(entryId).build())
        .setCorrelationMethod(CorrelationMethod.BUTTON_REPLY).build();
  }

  static PatientResponse campaignAnswer(String campaignId, String entryId, Intent intent, Instant at) {
    return PatientResponse.newBuilder().setResponseId(UUID.randomUUID().toString()).setReceivedAt(at)
        .setChannel(Channel.WEB).setIntent(intent)
        .setCorrelation(Correlation.newBuilder().setCampaignId(campaignId).setWaitlistEntryId(entryId).build())
        .setCorrelationMethod(CorrelationMethod.ANSWER_LINK).build();
  }

  static ContactStatus status(String requestId, Correlation correlation, ContactPurpose purpose, DeliveryStatus status,
      Instant at) {
    return status(requestId, correlation, purpose, status, at, Channel.WHATSAPP);
  }

  static ContactStatus status(String requestId, Correlation correlation, ContactPurpose purpose, DeliveryStatus status,
      Instant at, Channel channel) {
    return ContactStatus.newBuilder().setStatusId(UUID.randomUUID().toString()).setRequestId(requestId)
        .setCorrelation(correlation).setHospitalCode("HCH").setPurpose(purpose).setChannel(channel)
        .setStatus(status).setPermanent(true).setProvider("sandbox").setErrorCode("63024").setOccurredAt(at).build();
  }

  static HisCommandResult result(String commandId, String commandType, Correlation correlation, CommandOutcome outcome,
      String reason, Instant at) {
    return HisCommandResult.newBuilder().setCommandId(commandId).setCommandType(commandType).setOutcome(outcome)
        .setReason(reason).setCorrelation(correlation).setProcessedAt(at).build();
  }

  static PurgeCampaign campaign(String id, String specialty, int windowDays, Instant at) {
    return PurgeCampaign.newBuilder().setCampaignId(id).setHospitalCode("HCH").setSpecialty(specialty)
        .setAnswerWindowDays(windowDays).setRequestedAt(at).build();
  }
}
