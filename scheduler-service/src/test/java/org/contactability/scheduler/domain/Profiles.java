package org.contactability.scheduler.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.AppointmentType;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.ContactPurpose;

/**
 * The two shipped profiles, written out in Java; {@code ContactPoliciesBindingTest} checks that the
 * YAML the service ships binds to exactly these.
 */
public final class Profiles {

  public static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");

  private Profiles() {
  }

  public static ContactPolicy chillan(Timing timing) {
    return new ContactPolicy("chillan-cae",
        List.of(
            new PolicyStep("reminder", new StepTrigger.BeforeStart(Duration.ofHours(96), timing),
                List.of(Channel.WHATSAPP), List.of(), "reminder", ContactPurpose.REMINDER, true, SendCondition.ALWAYS,
                AfterConfirmation.DROP),
            new PolicyStep("sms-fallback", new StepTrigger.BeforeStart(Duration.ofHours(72), timing),
                List.of(Channel.SMS), List.of(), "reminder", ContactPurpose.REMINDER, true,
                SendCondition.UNLESS_REACHED, AfterConfirmation.DROP)),
        timing, Duration.ofHours(48), Duration.ofHours(48),
        new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0), QuietMove.DEFER),
        Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofDays(30),
        new Notice(List.of(Channel.WHATSAPP), List.of(Channel.SMS), "reschedule-notice",
            ContactPurpose.RESCHEDULE_NOTICE, true),
        new Notice(List.of(Channel.WHATSAPP), List.of(Channel.SMS), "hospital-cancellation-notice",
            ContactPurpose.HOSPITAL_CANCELLATION_NOTICE, false));
  }

  public static ContactPolicy chillan() {
    return chillan(Timing.WALL_CLOCK);
  }

  public static ContactPolicy laSerena() {
    return new ContactPolicy("la-serena-cdt",
        List.of(
            new PolicyStep("booking-notice", new StepTrigger.AtBooking(), List.of(Channel.WHATSAPP, Channel.EMAIL),
                List.of(Channel.SMS, Channel.VOICE), "booking-notice", ContactPurpose.BOOKING_NOTICE, true,
                SendCondition.ALWAYS, AfterConfirmation.DROP),
            new PolicyStep("reminder", new StepTrigger.BeforeStart(Duration.ofHours(15), Timing.ABSOLUTE),
                List.of(Channel.WHATSAPP), List.of(Channel.SMS, Channel.VOICE), "reminder", ContactPurpose.REMINDER,
                true, SendCondition.ALWAYS, AfterConfirmation.KEEP)),
        Timing.ABSOLUTE, Duration.ofHours(4), Duration.ofHours(4),
        new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0), QuietMove.ADVANCE),
        Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofDays(30),
        new Notice(List.of(Channel.WHATSAPP), List.of(Channel.SMS, Channel.VOICE), "reschedule-notice",
            ContactPurpose.RESCHEDULE_NOTICE, true),
        new Notice(List.of(Channel.WHATSAPP), List.of(Channel.SMS, Channel.VOICE), "hospital-cancellation-notice",
            ContactPurpose.HOSPITAL_CANCELLATION_NOTICE, false));
  }

  public static PolicyCatalog catalog(ContactPolicy... extra) {
    List<ContactPolicy> policies = new java.util.ArrayList<>(List.of(chillan(), laSerena()));
    policies.addAll(List.of(extra));
    return new PolicyCatalog(List.of(
        new Hospital("HCHM", "Hospital de Chillán", "+56 42 000 0000", SANTIAGO, "chillan-cae", List.of()),
        new Hospital("HLS", "Hospital de La Serena", "+56 51 000 0000", SANTIAGO, "la-serena-cdt", List.of())),
        policies);
  }

  /** An appointment of the given policy at a local time in Santiago, booked at {@code bookedAt}. */
  public static AppointmentFacts appointment(String policyId, LocalDateTime startsAtLocal, Instant bookedAt) {
    return new AppointmentFacts("A1", policyId.startsWith("chillan") ? "HCHM" : "HLS", "Hospital", "+56 42 000 0000",
        SANTIAGO, "S1", "Centro de Especialidades", "Av. Francisco Ramírez 10", "Chillán", "Juan", "Juan Soto",
        "+56961234567", "juan@example.com", null, "Dra.", "Juanita Pérez Mellado", "Medicina Interna",
        AppointmentType.NEW_CONSULTATION, AppointmentStatus.BOOKED,
        AppointmentFacts.instantOf(startsAtLocal, SANTIAGO), startsAtLocal, bookedAt, policyId, bookedAt);
  }

  public static Instant at(LocalDateTime local) {
    return AppointmentFacts.instantOf(local, SANTIAGO);
  }

  public static AppointmentFacts movedTo(AppointmentFacts a, LocalDateTime newLocal) {
    return new AppointmentFacts(a.appointmentId(), a.hospitalCode(), a.hospitalName(), a.hospitalPhone(), a.zone(),
        a.siteId(), a.siteName(), a.siteAddress(), a.siteCommune(), a.patientGivenNames(), a.patientFullName(),
        a.phone(), a.email(), a.landline(), a.professionalTitle(), a.professionalName(), a.specialty(), a.type(),
        a.status(), AppointmentFacts.instantOf(newLocal, a.zone()), newLocal, a.bookedAt(), a.policyId(),
        a.sourceCommitTime());
  }

  public static AppointmentFacts withContact(AppointmentFacts a, String phone, String email) {
    return withContact(a, phone, email, null);
  }

  /** The appointment's patient with only these contacts: a mobile, an e-mail, a landline (each may be null). */
  public static AppointmentFacts withContact(AppointmentFacts a, String phone, String email, String landline) {
    return new AppointmentFacts(a.appointmentId(), a.hospitalCode(), a.hospitalName(), a.hospitalPhone(), a.zone(),
        a.siteId(), a.siteName(), a.siteAddress(), a.siteCommune(), a.patientGivenNames(), a.patientFullName(),
        phone, email, landline, a.professionalTitle(), a.professionalName(), a.specialty(), a.type(), a.status(),
        a.startsAt(), a.startsAtLocal(), a.bookedAt(), a.policyId(), a.sourceCommitTime());
  }
}
