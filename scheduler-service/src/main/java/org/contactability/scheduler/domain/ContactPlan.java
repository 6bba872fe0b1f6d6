package org.contactability.scheduler.domain;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.contactability.contracts.common.AppointmentStatus;

/**
 * The contact plan of one appointment: the appointment as last seen, the plan version (grows on
 * every reschedule), whether a message of this version reached the patient, the patient's own
 * decision as response-service judged it, and the planned messages of this version.
 *
 * @param patientDecision CONFIRMED or CANCELLED_BY_PATIENT when response-service decided it; null otherwise
 * @param retainUntil     when the plan is forgotten once nothing is pending
 * @param previousStartsAtLocal the local start before the last reschedule; null if never moved
 */
public record ContactPlan(
    AppointmentFacts appointment,
    int version,
    boolean reached,
    AppointmentStatus patientDecision,
    List<PlanItem> items,
    Instant retainUntil,
    LocalDateTime previousStartsAtLocal) {

  public ContactPlan {
    Objects.requireNonNull(appointment, "appointment");
    items = List.copyOf(items);
    Objects.requireNonNull(retainUntil, "retainUntil");
  }

  /** The earliest pending message, else the time to forget the plan: what the due index holds. */
  public Instant nextDueAt() {
    return items.stream().filter(PlanItem::isPending).map(PlanItem::dueAt).min(Comparator.naturalOrder())
        .orElse(retainUntil);
  }

  public Optional<PlanItem> item(String requestId) {
    return items.stream().filter(i -> i.requestId(appointment.appointmentId(), version).equals(requestId)).findFirst();
  }

  public List<PlanItem> pending() {
    return items.stream().filter(PlanItem::isPending).toList();
  }

  /** Still heading for a visit, and not cancelled by the patient. */
  public boolean isActive() {
    return appointment.isActive() && patientDecision != AppointmentStatus.CANCELLED_BY_PATIENT;
  }

  public boolean isConfirmed() {
    return appointment.status() == AppointmentStatus.CONFIRMED || patientDecision == AppointmentStatus.CONFIRMED;
  }

  ContactPlan withItems(List<PlanItem> newItems) {
    return new ContactPlan(appointment, version, reached, patientDecision, newItems, retainUntil, previousStartsAtLocal);
  }

  ContactPlan mapItems(UnaryOperator<PlanItem> change) {
    return withItems(items.stream().map(change).toList());
  }

  ContactPlan withAppointment(AppointmentFacts newAppointment, Instant newRetainUntil) {
    return new ContactPlan(newAppointment, version, reached, patientDecision, items, newRetainUntil, previousStartsAtLocal);
  }

  ContactPlan reached(boolean nowReached) {
    return new ContactPlan(appointment, version, nowReached, patientDecision, items, retainUntil, previousStartsAtLocal);
  }

  ContactPlan decidedByPatient(AppointmentStatus decision) {
    return new ContactPlan(appointment, version, true, decision, items, retainUntil, previousStartsAtLocal);
  }
}
