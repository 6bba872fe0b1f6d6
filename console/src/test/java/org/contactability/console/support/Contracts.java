package org.contactability.console.support;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.UUID;

import org.contactability.common.privacy.testing.InMemoryKeyLog;
import org.contactability.common.privacy.testing.TestCiphers;
import org.contactability.console.application.ConsolePrivacy;
import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.appointment.AppointmentDecision;
import org.contactability.contracts.appointment.DecisionType;
import org.contactability.contracts.appointment.Hospital;
import org.contactability.contracts.appointment.Patient;
import org.contactability.contracts.appointment.Professional;
import org.contactability.contracts.appointment.Site;
import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.AppointmentType;
import org.contactability.contracts.common.ChangeOperation;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.ContactPurpose;
import org.contactability.contracts.common.Correlation;
import org.contactability.contracts.common.SourcePosition;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.Recipient;
import org.contactability.contracts.his.AppointmentChange;
import org.contactability.contracts.his.AppointmentRow;
import org.contactability.contracts.his.PatientChange;
import org.contactability.contracts.his.PatientRow;
import org.contactability.contracts.his.SiteChange;
import org.contactability.contracts.his.SiteRow;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.contracts.waitlist.OfferEventType;
import org.contactability.contracts.waitlist.Slot;
import org.contactability.contracts.waitlist.SlotOfferEvent;

/** Contract records as the services write them, with the demo's story patient Juan Soto. */
public final class Contracts {

  public static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  public static final String JUAN_RUT = "12345678-5";
  /** The real cipher on an in-memory key log, and the console's privacy on it. */
  public static final TestCiphers.Attached KEYS = TestCiphers.inMemory(new InMemoryKeyLog());
  public static final ConsolePrivacy PRIVACY = new ConsolePrivacy(KEYS.cipher(), KEYS.ring(), (patient, who, n) -> { });
  public static final String JUAN_NAME = "Juan Dionisio Soto Cabrera";
  public static final String JUAN_PHONE = "+56961234567";

  private Contracts() {
  }

  public static SourcePosition source(String table, Instant at) {
    return SourcePosition.newBuilder().setConnector("postgresql").setDatabase("his").setSchema$("his").setTable(table)
        .setLsn(1234L).setCommitTime(at).setCapturedAt(at).build();
  }

  public static AppointmentChange hisAppointment(String id, String patientId, String siteId, LocalDateTime start,
      AppointmentStatus status, Instant at) {
    AppointmentRow row = AppointmentRow.newBuilder().setId(id).setPatientId(patientId).setProfessionalId("7")
        .setSiteId(siteId).setSpecialty("Medicina Interna").setStartsAtLocal(start).setType(AppointmentType.NEW_CONSULTATION)
        .setStatus(status).build();
    return AppointmentChange.newBuilder().setOp(ChangeOperation.CREATE).setAfter(row).setSource(source("cita", at)).build();
  }

  public static PatientChange hisPatient(String id, String rut, Instant at) {
    PatientRow row = PatientRow.newBuilder().setId(id).setRut(rut).setGivenNames("Juan Dionisio").setPaternalSurname("Soto")
        .setMaternalSurname("Cabrera").setMobilePhone(JUAN_PHONE).build();
    return PatientChange.newBuilder().setOp(ChangeOperation.SNAPSHOT).setAfter(row).setSource(source("paciente", at)).build();
  }

  public static SiteChange hisSite(String id, String hospital, Instant at) {
    SiteRow row = SiteRow.newBuilder().setId(id).setHospitalCode(hospital).setName("Centro de Especialidades").build();
    return SiteChange.newBuilder().setOp(ChangeOperation.SNAPSHOT).setAfter(row).setSource(source("sede", at)).build();
  }

  public static Appointment view(String id, String hospital, LocalDateTime start, AppointmentStatus status,
      Instant confirmUntil) {
    return Appointment.newBuilder()
        .setAppointmentId(id)
        .setHospital(Hospital.newBuilder().setCode(hospital).setName("Hospital de Chillán").setPhone("+56422586400")
            .setZone(SANTIAGO.getId()).build())
        .setSite(Site.newBuilder().setId("3").setName("Centro de Especialidades").setAddress("Av. Francisco Ramírez 10").build())
        .setPatient(Patient.newBuilder().setId("1").setRut(JUAN_RUT).setGivenNames("Juan Dionisio").setFullName(JUAN_NAME)
            .setMobilePhone(JUAN_PHONE).setEmail("juan.soto.cabrera@example.com").build())
        .setProfessional(Professional.newBuilder().setId("7").setTitle("Dra.").setFullName("Juanita Pérez Mellado").build())
        .setSpecialty("Medicina Interna")
        .setType(AppointmentType.NEW_CONSULTATION)
        .setStatus(status)
        .setStartsAt(start.atZone(SANTIAGO).toInstant())
        .setStartsAtLocal(start)
        .setDurationMinutes(20)
        .setPolicyId("chillan-cae")
        .setConfirmUntil(confirmUntil)
        .setCancelUntil(confirmUntil)
        .build();
  }

  public static Correlation about(String appointmentId) {
    return Correlation.newBuilder().setAppointmentId(appointmentId).setStepId("reminder").setPlanVersion(1).build();
  }

  public static ContactRequest request(String appointmentId, Channel channel, ContactPurpose purpose, Instant at) {
    return ContactRequest.newBuilder()
        .setRequestId(appointmentId + ":reminder:1:" + channel)
        .setCorrelation(about(appointmentId))
        .setHospitalCode("HCHM")
        .setPurpose(purpose)
        .setTemplate("reminder")
        .setChannel(channel)
        .setRecipient(Recipient.newBuilder().setPhone(JUAN_PHONE).build())
        .setAnswerToken("tok" + appointmentId)
        .setRespondBy(at.plusSeconds(86_400))
        .setRequestedAt(at)
        .build();
  }

  public static ContactStatus status(String appointmentId, Channel channel, ContactPurpose purpose, DeliveryStatus status,
      Instant at) {
    return ContactStatus.newBuilder()
        .setStatusId(UUID.randomUUID().toString())
        .setRequestId(appointmentId + ":reminder:1:" + channel)
        .setCorrelation(about(appointmentId))
        .setHospitalCode("HCHM")
        .setPurpose(purpose)
        .setChannel(channel)
        .setRecipient(JUAN_PHONE)
        .setStatus(status)
        .setProvider("sandbox")
        .setProviderMessageId("SB" + appointmentId)
        .setOccurredAt(at)
        .build();
  }

  public static AppointmentDecision decision(String appointmentId, DecisionType type, Appointment appointment,
      Instant at) {
    return AppointmentDecision.newBuilder()
        .setDecisionId(UUID.randomUUID().toString())
        .setAppointmentId(appointmentId)
        .setType(type)
        .setReason("respuesta del paciente")
        .setChannel(Channel.WHATSAPP)
        .setDecidedAt(at)
        .setDecidedBy("response-service")
        .setAppointment(appointment)
        .build();
  }

  public static SlotOfferEvent offer(String slotId, OfferEventType type, LocalDateTime start, Instant at) {
    return SlotOfferEvent.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setSlotId(slotId)
        .setType(type)
        .setOfferId(type == OfferEventType.OFFERED ? "offer-" + slotId : null)
        .setWaitlistEntryId("55")
        .setSlot(Slot.newBuilder().setHospitalCode("HCHM").setSiteId("3").setProfessionalId("7")
            .setSpecialty("Medicina Interna").setStartsAt(start.atZone(SANTIAGO).toInstant()).setStartsAtLocal(start)
            .setDurationMinutes(20).setType(AppointmentType.NEW_CONSULTATION).build())
        .setOccurredAt(at)
        .build();
  }

  public static DeadLetter deadLetter(String id, String sourceTopic, String key, byte[] payload, String format,
      Instant at) {
    return DeadLetter.newBuilder()
        .setId(id)
        .setTopic(sourceTopic)
        .setPartition(payload == null ? null : 2)
        .setOffset(payload == null ? null : 40L)
        .setKey(key)
        .setPayload(payload == null ? null : ByteBuffer.wrap(payload))
        .setPayloadFormat(format)
        .setReason("no template 'reminder' for hospital HXX")
        .setErrorType("java.lang.IllegalStateException")
        .setService("notifier-service")
        .setFailedAt(at)
        .build();
  }
}
