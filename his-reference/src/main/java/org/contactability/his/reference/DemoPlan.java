package org.contactability.his.reference;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

/**
 * The demo data as values, before any row exists: rows refer to each other by their index in
 * these lists, and {@link DemoData} turns indexes into database ids while writing.
 */
record DemoPlan(
    LocalDate today,
    List<NewSite> sites,
    List<Professional> professionals,
    List<Patient> patients,
    List<WaitlistEntry> waitlist,
    List<Appointment> appointments,
    StoryIndexes story) {

  record Professional(NewProfessional professional, String hospitalCode, int site) {
  }

  /** {@code female} only steers which specialties the demo books the patient into. */
  record Patient(NewPatient patient, Instant createdAt, String hospitalCode, boolean female) {
  }

  record WaitlistEntry(
      int patient,
      String hospitalCode,
      String specialty,
      TipoPrestacion careType,
      Integer professional,
      Integer site,
      boolean ges,
      LocalDate gesDeadline,
      int priority,
      LocalDate enteredOn,
      EstadoListaEspera status,
      String dischargeReason,
      Instant updatedAt) {
  }

  record Appointment(
      int patient,
      int professional,
      int site,
      String specialty,
      LocalDateTime startsAt,
      TipoPrestacion type,
      EstadoCita status,
      String cancellationReason,
      Integer waitlistEntry,
      Instant createdAt,
      Instant updatedAt) {
  }

  /** Where the story's rows sit in the lists above. */
  record StoryIndexes(
      int juanSoto,
      int juanSotoAppointment,
      int mariaFuentes,
      int mariaFuentesEntry,
      int pedroAraya,
      int pedroArayaCardiologia,
      int pedroArayaOftalmologia,
      int rosaMunoz,
      int rosaMunozAppointment,
      int luisAlfaro,
      int luisAlfaroAppointment) {
  }
}
