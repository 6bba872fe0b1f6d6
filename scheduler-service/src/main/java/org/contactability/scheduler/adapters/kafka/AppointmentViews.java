package org.contactability.scheduler.adapters.kafka;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.appointment.Hospital;
import org.contactability.contracts.appointment.Patient;
import org.contactability.contracts.appointment.Professional;
import org.contactability.contracts.appointment.Site;
import org.contactability.scheduler.domain.AppointmentFacts;
import org.contactability.scheduler.domain.ContactPolicy;
import org.contactability.scheduler.domain.PolicyCatalog;

/**
 * Turns joined HIS rows into the enriched {@link Appointment} view (hospital from configuration,
 * the policy that applies and its answer deadlines), and a view into the planner's
 * {@link AppointmentFacts}.
 */
public final class AppointmentViews {

  private final PolicyCatalog catalog;

  public AppointmentViews(PolicyCatalog catalog) {
    this.catalog = catalog;
  }

  /** The view, or empty when the site's hospital is not configured (the caller dead-letters the row). */
  public Optional<Appointment> view(JoinedAppointment joined) {
    JoinedAppointment.Appointment row = joined.appointment();
    JoinedAppointment.Site site = joined.site();
    Optional<org.contactability.scheduler.domain.Hospital> configured = catalog.hospital(site.hospitalCode());
    if (configured.isEmpty()) {
      return Optional.empty();
    }
    org.contactability.scheduler.domain.Hospital hospital = configured.get();
    ZoneId zone = hospital.zone();
    LocalDateTime local = row.startsAtLocal();
    Instant startsAt = AppointmentFacts.instantOf(local, zone);
    String policyId = hospital.policyFor(site.id(), site.name(), row.specialty(), row.type());
    ContactPolicy policy = catalog.policy(policyId).orElseThrow();
    JoinedAppointment.Patient patient = joined.patient();
    JoinedAppointment.Professional professional = joined.professional();
    Appointment view = Appointment.newBuilder()
        .setAppointmentId(row.id())
        .setHospital(Hospital.newBuilder().setCode(hospital.code()).setName(hospital.name())
            .setPhone(hospital.phone()).setZone(zone.getId()).build())
        .setSite(Site.newBuilder().setId(site.id()).setName(site.name()).setAddress(site.address())
            .setCommune(site.commune()).build())
        .setPatient(Patient.newBuilder().setId(patient.id()).setRut(patient.rut())
            .setGivenNames(patient.givenNames()).setFullName(patient.fullName())
            .setMobilePhone(patient.mobilePhone()).setEmail(patient.email())
            .setLandlinePhone(patient.landlinePhone()).build())
        .setProfessional(Professional.newBuilder().setId(professional.id()).setTitle(professional.title())
            .setFullName(professional.fullName()).build())
        .setSpecialty(row.specialty())
        .setType(row.type())
        .setStatus(row.status())
        .setStartsAt(startsAt)
        .setStartsAtLocal(local)
        .setDurationMinutes(row.durationMinutes())
        .setWaitlistEntryId(row.waitlistEntryId())
        .setBookedAt(row.bookedAt())
        .setSourceCommitTime(joined.newestCommit())
        .setDeleted(false)
        .build();
    AppointmentFacts facts = facts(view, policyId);
    return Optional.of(Appointment.newBuilder(view)
        .setPolicyId(policyId)
        .setConfirmUntil(policy.confirmDeadline(facts))
        .setCancelUntil(policy.cancelDeadline(facts))
        .build());
  }

  /** When the appointment starts: in its hospital's zone, or read as UTC when the hospital is not configured. */
  public Instant startsAt(JoinedAppointment joined) {
    ZoneId zone = catalog.hospital(joined.site().hospitalCode()).map(h -> h.zone()).orElse(ZoneOffset.UTC);
    return AppointmentFacts.instantOf(joined.appointment().startsAtLocal(), zone);
  }

  /** The planner's copy of a view. */
  public static AppointmentFacts facts(Appointment view) {
    return facts(view, view.getPolicyId());
  }

  private static AppointmentFacts facts(Appointment view, String policyId) {
    Hospital hospital = view.getHospital();
    Site site = view.getSite();
    Patient patient = view.getPatient();
    Professional professional = view.getProfessional();
    return new AppointmentFacts(view.getAppointmentId(), hospital.getCode(), hospital.getName(), hospital.getPhone(),
        ZoneId.of(hospital.getZone()), site.getId(), site.getName(), site.getAddress(), site.getCommune(),
        patient.getGivenNames(), patient.getFullName(), patient.getMobilePhone(), patient.getEmail(),
        patient.getLandlinePhone(), professional.getTitle(),
        professional.getFullName(), view.getSpecialty(), view.getType(), view.getStatus(), view.getStartsAt(),
        view.getStartsAtLocal(), view.getBookedAt(), policyId, view.getSourceCommitTime());
  }

  /** Two views that differ only in when they were last touched say the same thing. */
  static boolean sameContent(Appointment a, Appointment b) {
    if (a == null || b == null) {
      return a == b;
    }
    Appointment left = Appointment.newBuilder(a).setSourceCommitTime(null).build();
    Appointment right = Appointment.newBuilder(b).setSourceCommitTime(null).build();
    return left.equals(right);
  }
}
