package org.contactability.scheduler.adapters.kafka;

import java.time.Instant;
import java.time.LocalDateTime;

import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.AppointmentType;
import org.contactability.contracts.common.ChangeOperation;
import org.contactability.contracts.common.SourcePosition;
import org.contactability.contracts.his.AppointmentChange;
import org.contactability.contracts.his.AppointmentRow;
import org.contactability.contracts.his.PatientChange;
import org.contactability.contracts.his.PatientRow;
import org.contactability.contracts.his.ProfessionalChange;
import org.contactability.contracts.his.ProfessionalRow;
import org.contactability.contracts.his.SiteChange;
import org.contactability.contracts.his.SiteRow;

/** HIS change envelopes as his-connector writes them, for topology tests and the benchmark. */
public final class HisChanges {

  private HisChanges() {
  }

  public static SourcePosition source(String table, Instant commitTime) {
    return SourcePosition.newBuilder().setConnector("postgresql").setDatabase("his").setTable(table)
        .setCommitTime(commitTime).setCapturedAt(commitTime).build();
  }

  public static SiteChange site(String id, String hospitalCode, String name, Instant at) {
    return SiteChange.newBuilder().setOp(ChangeOperation.CREATE)
        .setAfter(SiteRow.newBuilder().setId(id).setHospitalCode(hospitalCode).setName(name)
            .setAddress("Av. Francisco Ramírez 10").setCommune("Chillán").build())
        .setSource(source("sede", at)).build();
  }

  public static PatientChange patient(String id, String phone, Instant at) {
    return patient(id, phone, "juan.soto.cabrera@example.com", null, at);
  }

  /** A patient with these contacts only (each may be null). */
  public static PatientChange patient(String id, String mobile, String email, String landline, Instant at) {
    return PatientChange.newBuilder().setOp(ChangeOperation.CREATE)
        .setAfter(PatientRow.newBuilder().setId(id).setRut("12345678-5").setGivenNames("Juan Dionisio")
            .setPaternalSurname("Soto").setMaternalSurname("Cabrera").setMobilePhone(mobile).setEmail(email)
            .setLandlinePhone(landline).build())
        .setSource(source("paciente", at)).build();
  }

  public static ProfessionalChange professional(String id, Instant at) {
    return ProfessionalChange.newBuilder().setOp(ChangeOperation.CREATE)
        .setAfter(ProfessionalRow.newBuilder().setId(id).setTitle("Dra.").setGivenNames("Juanita")
            .setPaternalSurname("Pérez").setMaternalSurname("Mellado").setSpecialty("Medicina Interna").build())
        .setSource(source("profesional", at)).build();
  }

  public static AppointmentRow.Builder row(String id, String patientId, String professionalId, String siteId,
      LocalDateTime startsAtLocal, Instant bookedAt) {
    return AppointmentRow.newBuilder().setId(id).setPatientId(patientId).setProfessionalId(professionalId)
        .setSiteId(siteId).setSpecialty("Medicina Interna").setStartsAtLocal(startsAtLocal).setDurationMinutes(20)
        .setType(AppointmentType.NEW_CONSULTATION).setStatus(AppointmentStatus.BOOKED).setBookedAt(bookedAt);
  }

  public static AppointmentChange appointment(AppointmentRow row, Instant at) {
    return AppointmentChange.newBuilder().setOp(ChangeOperation.CREATE).setAfter(row)
        .setSource(source("cita", at)).build();
  }

  public static AppointmentChange update(AppointmentRow before, AppointmentRow after, Instant at) {
    return AppointmentChange.newBuilder().setOp(ChangeOperation.UPDATE).setBefore(before).setAfter(after)
        .setSource(source("cita", at)).build();
  }

  public static AppointmentChange delete(AppointmentRow before, Instant at) {
    return AppointmentChange.newBuilder().setOp(ChangeOperation.DELETE).setBefore(before).setAfter(null)
        .setSource(source("cita", at)).build();
  }
}
