package org.contactability.scheduler.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import org.contactability.common.templates.MessageTemplate;
import org.contactability.contracts.appointment.DecisionType;
import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.DeliveryStatus;

/**
 * Where a message's time is decided. Pure functions from (plan, event, now) to (plan, outcomes):
 * the appointment view changed, time passed, a delivery status arrived, the patient decided. The
 * rules are the edge-case table of docs/scheduler-service.md.
 */
public final class ContactPlanner {

  /** Template variable: the local start before a reschedule (ISO-8601 local date-time). */
  public static final String VAR_PREVIOUS_STARTS_AT_LOCAL = "previousStartsAtLocal";
  /** Template variable: "true" when the patient already confirmed (kept informational reminders). */
  public static final String VAR_CONFIRMED = "confirmed";

  private final PolicyCatalog catalog;

  public ContactPlanner(PolicyCatalog catalog) {
    this.catalog = catalog;
  }

  // ---------------------------------------------------------------- the appointment view changed

  /** The HIS changed the appointment, its patient, professional or site ({@code current} null: first sight). */
  public PlanChange onView(ContactPlan current, AppointmentFacts view, Instant now) {
    ContactPolicy policy = catalog.policy(view.policyId()).orElse(null);
    if (current == null) {
      // First sight: no decision, even for a cancelled or past appointment (nothing changed that we saw).
      return release(null, newPlan(view, 1, null, false, policy, now), now, true, List.of());
    }
    AppointmentFacts old = current.appointment();
    List<PlanOutcome> outcomes = new ArrayList<>();
    ContactPlan plan = current.withAppointment(view, retainUntil(view, now, policy));

    if (view.status() != old.status()) {
      switch (view.status()) {
        case CANCELLED_BY_HOSPITAL -> {
          plan = cancelPending(plan, "the hospital cancelled the appointment");
          outcomes.add(new PlanOutcome.Decide(DecisionType.CANCELLED_BY_HOSPITAL, "Cancelled by the hospital in the HIS",
              null));
          if (policy != null && policy.cancellationNotice() != null && view.startsAt().isAfter(now)) {
            plan = plan.withItems(concat(plan.items(), noticeItems(PlanItems.CANCELLATION_NOTICE,
                policy.cancellationNotice(), policy, view, now)));
          }
        }
        case CANCELLED_BY_PATIENT -> {
          plan = cancelPending(plan, "the patient cancelled");
          if (current.patientDecision() != AppointmentStatus.CANCELLED_BY_PATIENT) {
            outcomes.add(new PlanOutcome.Decide(DecisionType.CANCELLED_BY_PATIENT,
                "Recorded in the HIS by the hospital, not answered through the platform", null));
          }
        }
        case CONFIRMED -> {
          if (current.patientDecision() != AppointmentStatus.CONFIRMED) {
            outcomes.add(new PlanOutcome.Decide(DecisionType.CONFIRMED,
                "Recorded in the HIS by the hospital, not answered through the platform", null));
          }
          plan = applyConfirmation(plan);
        }
        case ATTENDED -> {
          plan = cancelPending(plan, "the patient attended");
          outcomes.add(new PlanOutcome.Decide(DecisionType.ATTENDED, "Attendance recorded in the HIS", null));
        }
        case NO_SHOW -> {
          plan = cancelPending(plan, "the patient did not attend");
          outcomes.add(new PlanOutcome.Decide(DecisionType.NO_SHOW, "No-show recorded in the HIS", null));
        }
        default -> {
          // BOOKED or a status this build does not know: the view is updated, the plan goes on.
        }
      }
    }

    boolean moved = !view.startsAtLocal().equals(old.startsAtLocal()) || !view.startsAt().equals(old.startsAt());
    if (view.isActive() && moved) {
      outcomes.add(new PlanOutcome.Decide(DecisionType.RESCHEDULED, "Moved in the HIS", old.startsAt()));
      plan = newPlan(view, current.version() + 1, old.startsAtLocal(), true, policy, now);
    } else if (view.isActive() && !old.isActive()) {
      // Re-opened in the HIS after a cancellation: a new plan, as for a new booking.
      plan = newPlan(view, current.version() + 1, null, false, policy, now);
    }
    return release(current, plan, now, true, outcomes);
  }

  /** The appointment row was deleted in the HIS: the plan is dropped without any message. */
  public PlanChange onDeleted(ContactPlan plan) {
    return plan == null ? PlanChange.unchanged(null) : PlanChange.forget();
  }

  // ---------------------------------------------------------------- time passed

  /** Sends what is due at {@code now}; forgets the plan once nothing is pending and its retention ended. */
  public PlanChange onDue(ContactPlan plan, Instant now) {
    return release(plan, plan, now, false, List.of());
  }

  // ---------------------------------------------------------------- the patient decided

  /** response-service judged an answer: a confirmation trims the plan, a cancellation ends it. */
  public PlanChange onPatientDecision(ContactPlan plan, PatientDecision decision, Instant now) {
    if (plan == null) {
      return PlanChange.unchanged(null);
    }
    if (decision.aboutStartsAt() != null && !decision.aboutStartsAt().equals(plan.appointment().startsAt())) {
      // About a time the HIS has moved away from: the new time's plan stands.
      return PlanChange.unchanged(plan);
    }
    ContactPlan changed;
    if (decision.type() == DecisionType.CONFIRMED && plan.isActive()) {
      changed = applyConfirmation(plan.decidedByPatient(AppointmentStatus.CONFIRMED));
    } else if (decision.type() == DecisionType.CANCELLED_BY_PATIENT) {
      changed = cancelPending(plan.decidedByPatient(AppointmentStatus.CANCELLED_BY_PATIENT), "the patient cancelled");
    } else {
      return PlanChange.unchanged(plan);
    }
    return release(plan, changed, now, true, List.of());
  }

  // ---------------------------------------------------------------- a delivery status arrived

  /**
   * The notifier reported on one of this plan's requests. Delivered or read: the patient was
   * reached. Failed, undelivered, or expired (the channel's share of the step's window ran out):
   * once none of the step's channels can still reach the patient, the next channel of the step's
   * chain goes at once, whatever the kind of failure (a temporary one was retried by the notifier
   * for as long as this channel's share lasted; a technical one will not heal by waiting); a report
   * without a failure kind (before ContactStatus v4, not permanent) waits the policy's fallback
   * grace. Once nothing of the plan is still on its way to the patient, the held steps go.
   * Suppressed (opt-out) never falls back. SKIPPED is the scheduler's own trace, read back.
   */
  public PlanChange onDelivery(ContactPlan plan, DeliveryReport report, Instant now) {
    if (plan == null || report.status() == DeliveryStatus.SKIPPED) {
      return PlanChange.unchanged(plan);
    }
    String appointmentId = plan.appointment().appointmentId();
    int index = IntStream.range(0, plan.items().size())
        .filter(i -> plan.items().get(i).requestId(appointmentId, plan.version()).equals(report.requestId()))
        .findFirst().orElse(-1);
    if (index < 0) {
      // Not ours, or from an earlier plan version: nothing to do.
      return PlanChange.unchanged(plan);
    }
    PlanItem item = plan.items().get(index);
    DeliveryStatus status = report.status();
    boolean failure = status == DeliveryStatus.FAILED || status == DeliveryStatus.UNDELIVERED
        || status == DeliveryStatus.EXPIRED;
    boolean fallBack = failure && !item.fellBack() && item.state() == ItemState.SENT && !item.fallback().isEmpty()
        && mayFallBack(plan, item) && !siblingInFlight(plan.items(), index);
    List<PlanItem> items = new ArrayList<>(plan.items());
    items.set(index, item.withDelivery(progress(item.delivery(), status), fallBack));
    ContactPlan changed = plan.withItems(items);
    if (status == DeliveryStatus.DELIVERED || status == DeliveryStatus.READ) {
      changed = changed.reached(true).mapItems(i -> i.isPending() && i.held()
          ? i.skipped(SkipReason.REACHED, "the patient was already reached") : i);
    }
    if (fallBack) {
      ContactPolicy policy = catalog.policy(plan.appointment().policyId()).orElse(null);
      boolean kindUnknown = report.failure() == null && status != DeliveryStatus.EXPIRED;
      Instant due = !kindUnknown || policy == null ? now
          : later(now, report.occurredAt().plus(policy.fallbackGrace()));
      Optional<Instant> placed = place(policy, due, now, item.notAfter(), plan.appointment());
      PlanItem next = item.fallbackItem(placed.orElse(due));
      boolean exists = items.stream().anyMatch(other -> other.stepId().equals(next.stepId())
          && other.channel() == next.channel());
      if (!exists) {
        changed = changed.withItems(concat(changed.items(), List.of(placed.isPresent() ? next
            : next.skipped(SkipReason.NO_TIME_LEFT,
                "no time left before its deadline (outside quiet hours) to fall back"))));
      }
    }
    if (failure && !changed.reached() && changed.items().stream().noneMatch(ContactPlanner::onItsWay)) {
      changed = letHeldStepsGo(changed, now);
    }
    return release(plan, changed, now, true, List.of());
  }

  /**
   * Every message of the plan so far is known not to have reached the patient: the held steps go now
   * (quiet hours permitting), unless their channel already failed for this patient.
   */
  private ContactPlan letHeldStepsGo(ContactPlan plan, Instant now) {
    ContactPolicy policy = catalog.policy(plan.appointment().policyId()).orElse(null);
    return plan.mapItems(item -> {
      if (!item.isPending() || !item.held()) {
        return item;
      }
      if (plan.items().stream().anyMatch(other -> other.channel() == item.channel() && other.failed())) {
        return item.skipped(SkipReason.CHANNEL_FAILED, item.channel() + " already failed for this patient");
      }
      return place(policy, now, now, item.notAfter(), plan.appointment()).map(item::releasedAt)
          .orElseGet(() -> item.skipped(SkipReason.NO_TIME_LEFT, "no time left outside quiet hours"));
    });
  }

  /** Sent and not yet reported on, or a fallback waiting for its time: the patient may still get it. */
  private static boolean onItsWay(PlanItem item) {
    return item.inFlight() || (item.isPending() && item.isFallback());
  }

  /** Another channel of the same step that may still reach the patient: the step falls back only once it cannot. */
  private static boolean siblingInFlight(List<PlanItem> items, int index) {
    PlanItem item = items.get(index);
    return IntStream.range(0, items.size()).anyMatch(i -> i != index && items.get(i).stepId().equals(item.stepId())
        && onItsWay(items.get(i)));
  }

  // ---------------------------------------------------------------- planning

  private ContactPlan newPlan(AppointmentFacts view, int version, LocalDateTime previousStartsAtLocal,
      boolean rescheduleNotice, ContactPolicy policy, Instant now) {
    ContactPlan plan = new ContactPlan(view, version, false, null, List.of(), retainUntil(view, now, policy),
        previousStartsAtLocal);
    if (policy == null || !view.isActive() || !view.startsAt().isAfter(now)) {
      return plan;
    }
    List<PlanItem> items = new ArrayList<>();
    if (rescheduleNotice && policy.rescheduleNotice() != null) {
      items.addAll(noticeItems(PlanItems.RESCHEDULE_NOTICE, policy.rescheduleNotice(), policy, view, now));
    }
    boolean messageAtOnce = items.stream().anyMatch(PlanItem::isPending);
    items.addAll(scheduleSteps(policy, plan, now, messageAtOnce));
    return plan.withItems(items);
  }

  private record Candidate(PolicyStep step, Instant nominal, Instant limit) {
  }

  /**
   * The policy's steps for a new plan. On-time steps keep their time (moved out of quiet hours).
   * Steps whose time passed more than the late grace ago are missed: when nothing else goes out at
   * once, the latest missed unconditional step that the patient can still answer is sent now
   * (catch-up). A missed step sent only "unless reached" is held while something goes at once: it
   * goes as soon as that is known not to have reached the patient, before its deadline. Every
   * other missed step is skipped.
   */
  private List<PlanItem> scheduleSteps(ContactPolicy policy, ContactPlan plan, Instant now, boolean messageAtOnce) {
    AppointmentFacts appointment = plan.appointment();
    Instant respondBy = respondBy(policy, appointment, plan.isConfirmed());
    List<PlanItem> items = new ArrayList<>();
    List<Candidate> onTime = new ArrayList<>();
    List<Candidate> missed = new ArrayList<>();
    Instant lateLimit = now.minus(policy.lateGrace());
    for (PolicyStep step : policy.steps()) {
      Instant nominal = policy.nominalDue(step, appointment, now);
      Instant limit = step.offersAnswer() ? respondBy : appointment.startsAt();
      if (plan.isConfirmed() && step.afterConfirmation() == AfterConfirmation.DROP) {
        items.addAll(PlanItems.skipped(step, nominal, limit, SkipReason.CONFIRMED, "the patient had already confirmed"));
      } else if (nominal.isBefore(lateLimit)) {
        missed.add(new Candidate(step, nominal, limit));
      } else {
        onTime.add(new Candidate(step, nominal, limit));
      }
    }
    boolean atOnce = messageAtOnce || onTime.stream().anyMatch(c -> !c.nominal().isAfter(now));
    Candidate catchUp = atOnce ? null : missed.stream()
        .filter(c -> c.step().condition() == SendCondition.ALWAYS && c.step().offersAnswer() && now.isBefore(c.limit()))
        .max(Comparator.comparing(Candidate::nominal))
        .orElse(null);
    for (Candidate c : missed) {
      if (c == catchUp) {
        items.addAll(placeStep(policy, c, now, now, appointment));
      } else if ((atOnce || catchUp != null) && c.step().condition() == SendCondition.UNLESS_REACHED
          && now.isBefore(c.limit())) {
        items.addAll(PlanItems.held(c.step(), c.limit()));
      } else {
        SkipReason reason = atOnce || catchUp != null ? SkipReason.SUPERSEDED : SkipReason.BOOKED_TOO_LATE;
        items.addAll(PlanItems.skipped(c.step(), c.nominal(), c.limit(), reason, atOnce
            ? "booked after its time; superseded by a message sent at once"
            : catchUp != null ? "booked after its time; superseded by the catch-up of step '" + catchUp.step().id() + "'"
                : "booked after its time, too late for the patient to answer"));
      }
    }
    for (Candidate c : onTime) {
      items.addAll(placeStep(policy, c, later(c.nominal(), now), now, appointment));
    }
    return items;
  }

  private List<PlanItem> placeStep(ContactPolicy policy, Candidate c, Instant due, Instant now,
      AppointmentFacts appointment) {
    Instant cause = due.isAfter(now) ? null : appointment.sourceCommitTime();
    if (!due.isBefore(c.limit())) {
      return PlanItems.skipped(c.step(), due, c.limit(), SkipReason.BOOKED_TOO_LATE, "falls at or after its deadline");
    }
    return place(policy, due, now, c.limit(), appointment)
        .map(at -> PlanItems.forStep(c.step(), at, c.limit(), cause))
        .orElseGet(() -> PlanItems.skipped(c.step(), due, c.limit(), SkipReason.NO_TIME_LEFT,
            "no time left outside quiet hours"));
  }

  private List<PlanItem> noticeItems(String id, Notice notice, ContactPolicy policy, AppointmentFacts appointment,
      Instant now) {
    Instant notAfter = appointment.startsAt();
    return place(policy, now, now, notAfter, appointment)
        .map(at -> PlanItems.forNotice(id, notice, at, notAfter, appointment.sourceCommitTime()))
        .orElseGet(() -> PlanItems.forNotice(id, notice, now, notAfter, null).stream()
            .map(i -> i.skipped(SkipReason.NO_TIME_LEFT, "no time left outside quiet hours")).toList());
  }

  // ---------------------------------------------------------------- sending what is due

  /**
   * Sends what is due at {@code now}, in due order. A step found late by at most the policy's late
   * grace is sent as if on time (a restart or a paced burst must not push it into quiet hours or
   * past a one-minute slot); later than that it is caught up now, outside quiet hours and before
   * its deadline, else moved out of the quiet hours before its deadline, else given up as
   * {@link SkipReason#MISSED}. Every item closed without a send since {@code before} is published.
   */
  private PlanChange release(ContactPlan before, ContactPlan plan, Instant now, boolean changed,
      List<PlanOutcome> prior) {
    ContactPolicy policy = catalog.policy(plan.appointment().policyId()).orElse(null);
    AppointmentFacts appointment = plan.appointment();
    List<PlanItem> items = new ArrayList<>(plan.items());
    List<PlanOutcome> outcomes = new ArrayList<>(prior);
    List<Integer> due = IntStream.range(0, items.size())
        .filter(i -> items.get(i).isPending() && !items.get(i).dueAt().isAfter(now)).boxed()
        .sorted(Comparator.comparing(i -> items.get(i).dueAt()))
        .toList();
    for (int index : due) {
      changed = true;
      PlanItem item = items.get(index);
      if (item.held()) {
        items.set(index, item.skipped(SkipReason.HELD_UNTIL_DEADLINE,
            "nothing sent before it was known to have failed by its deadline"));
        continue;
      }
      if (!now.isBefore(item.notAfter())) {
        items.set(index, item.skipped(SkipReason.MISSED,
            "due while the scheduler was not running; its deadline had passed when it could be sent"));
        continue;
      }
      boolean late = policy != null && now.isAfter(item.dueAt().plus(policy.lateGrace()));
      if (late && policy.quietHours() != null && policy.quietHours().contains(now, appointment.zone())) {
        // Caught up in quiet hours (the scheduler was down, the clock jumped): still no messages at night.
        Optional<Instant> at = place(policy, now, now, item.notAfter(), appointment);
        items.set(index, at.isPresent() ? item.movedTo(at.get())
            : item.skipped(SkipReason.MISSED, "due while the scheduler was not running; "
                + "quiet hours leave no time before its deadline"));
        continue;
      }
      if (item.condition() == SendCondition.UNLESS_REACHED && plan.reached()) {
        items.set(index, item.skipped(SkipReason.REACHED, "the patient was already reached"));
        continue;
      }
      if (item.isFallback() && stepReached(items, item.stepId())) {
        items.set(index, item.skipped(SkipReason.REACHED, "another message of this step reached the patient"));
        continue;
      }
      if (!appointment.canReach(item.channel()) && otherChannelOfStepReaches(items, index, appointment)) {
        items.set(index, item.skipped(SkipReason.OTHER_CHANNEL, "no address for " + item.channel()
            + "; the step goes on its other channels"));
        continue;
      }
      Channel channel = item.channel();
      List<Channel> rest = item.fallback();
      while (!appointment.canReach(channel) && !rest.isEmpty()) {
        channel = rest.get(0);
        rest = rest.subList(1, rest.size());
      }
      if (!appointment.canReach(channel)) {
        items.set(index, item.skipped(SkipReason.NO_CONTACTABLE_CHANNEL,
            "no phone or e-mail for any of its channels"));
        continue;
      }
      Channel finalChannel = channel;
      boolean alreadySent = IntStream.range(0, items.size()).anyMatch(i -> i != index
          && items.get(i).state() == ItemState.SENT && items.get(i).stepId().equals(item.stepId())
          && items.get(i).channel() == finalChannel);
      if (alreadySent) {
        items.set(index, item.skipped(SkipReason.SUPERSEDED, "this step was already sent on " + finalChannel));
        continue;
      }
      PlanItem sent = item.sentOn(channel, rest);
      items.set(index, sent);
      Instant respondBy = sent.offersAnswer() && policy != null ? respondBy(policy, appointment, plan.isConfirmed())
          : null;
      // To a patient who already confirmed, as the template's confirmed variant: it offers only to cancel.
      String template = plan.isConfirmed() && sent.offersAnswer()
          ? sent.template() + MessageTemplate.CONFIRMED_SUFFIX : sent.template();
      outcomes.add(new PlanOutcome.Send(sent.requestId(appointment.appointmentId(), plan.version()), appointment,
          plan.version(), sent, template, respondBy != null && respondBy.isAfter(now) ? respondBy : null,
          channelNotAfter(policy, appointment, now, sent.notAfter(), rest.size()), variables(plan, sent)));
    }
    ContactPlan after = plan.withItems(items);
    outcomes.addAll(newlySkipped(before, after));
    if (after.pending().isEmpty() && !after.retainUntil().isAfter(now)) {
      return new PlanChange(null, true, outcomes);
    }
    return new PlanChange(after, changed, outcomes);
  }

  /**
   * Until when the notifier may keep trying a channel: the step's deadline on the last channel of
   * its chain; with fallbacks left, an equal share of what is left of the window, so that a channel
   * in an outage leaves time for the next one. Never past the start of the next quiet hours: the
   * notifier does not know them, and its retries must not wake the patient (the plan then falls
   * back after the quiet hours, if its deadline allows).
   */
  static Instant channelNotAfter(ContactPolicy policy, AppointmentFacts appointment, Instant now, Instant deadline,
      int fallbacksLeft) {
    Instant until = fallbacksLeft == 0 || !deadline.isAfter(now) ? deadline
        : now.plus(Duration.between(now, deadline).dividedBy(fallbacksLeft + 1L));
    if (policy != null && policy.quietHours() != null && !policy.quietHours().contains(now, appointment.zone())) {
      Instant quiet = policy.quietHours().nextStart(now, appointment.zone());
      return quiet.isBefore(until) ? quiet : until;
    }
    return until;
  }

  /** Items skipped or expired since {@code before}: items are only appended within a plan version. */
  private static List<PlanOutcome> newlySkipped(ContactPlan before, ContactPlan after) {
    boolean sameVersion = before != null && before.version() == after.version();
    String appointmentId = after.appointment().appointmentId();
    List<PlanOutcome> skips = new ArrayList<>();
    for (int i = 0; i < after.items().size(); i++) {
      PlanItem item = after.items().get(i);
      boolean wasSkipped = sameVersion && i < before.items().size() && before.items().get(i).wasSkipped();
      if (item.wasSkipped() && !wasSkipped) {
        skips.add(new PlanOutcome.Skip(item.requestId(appointmentId, after.version()), after.appointment(),
            after.version(), item));
      }
    }
    return skips;
  }

  private static Map<String, String> variables(ContactPlan plan, PlanItem item) {
    Map<String, String> variables = new HashMap<>();
    if (plan.isConfirmed()) {
      variables.put(VAR_CONFIRMED, "true");
    }
    if (item.stepId().equals(PlanItems.RESCHEDULE_NOTICE) && plan.previousStartsAtLocal() != null) {
      variables.put(VAR_PREVIOUS_STARTS_AT_LOCAL, plan.previousStartsAtLocal().toString());
    }
    return variables;
  }

  // ---------------------------------------------------------------- rules

  /** The answer deadline offered with a message: confirming until confirmed, then cancelling; never after the start. */
  static Instant respondBy(ContactPolicy policy, AppointmentFacts appointment, boolean confirmed) {
    Instant deadline = confirmed ? policy.cancelDeadline(appointment) : policy.confirmDeadline(appointment);
    return deadline.isAfter(appointment.startsAt()) ? appointment.startsAt() : deadline;
  }

  private static Instant retainUntil(AppointmentFacts view, Instant now, ContactPolicy policy) {
    Instant base = later(view.startsAt(), now);
    return base.plus(policy == null ? Duration.ofDays(30) : policy.retention());
  }

  private static Optional<Instant> place(ContactPolicy policy, Instant due, Instant earliest, Instant latest,
      AppointmentFacts appointment) {
    if (policy == null || policy.quietHours() == null) {
      return due.isBefore(latest) ? Optional.of(due) : Optional.empty();
    }
    return policy.quietHours().place(due, earliest, latest, appointment.zone(), policy.lateGrace());
  }

  private static boolean mayFallBack(ContactPlan plan, PlanItem item) {
    if (item.kind() == ItemKind.NOTICE) {
      return true;
    }
    return plan.isActive() && (!plan.isConfirmed() || item.afterConfirmation() == AfterConfirmation.KEEP);
  }

  /** A step's channels go together: one without an address is replaced by its chain only if none of the others has one. */
  private static boolean otherChannelOfStepReaches(List<PlanItem> items, int index, AppointmentFacts appointment) {
    PlanItem item = items.get(index);
    return IntStream.range(0, items.size()).anyMatch(i -> i != index && !items.get(i).isFallback()
        && items.get(i).stepId().equals(item.stepId()) && (items.get(i).isPending() || items.get(i).inFlight())
        && appointment.canReach(items.get(i).channel()));
  }

  private static boolean stepReached(List<PlanItem> items, String stepId) {
    return items.stream().anyMatch(i -> i.stepId().equals(stepId) && i.reachedPatient());
  }

  private static ContactPlan applyConfirmation(ContactPlan plan) {
    return plan.mapItems(i -> i.isPending() && i.kind() == ItemKind.STEP && i.afterConfirmation() == AfterConfirmation.DROP
        ? i.cancelled("the patient confirmed") : i);
  }

  private static ContactPlan cancelPending(ContactPlan plan, String why) {
    return plan.mapItems(i -> i.isPending() ? i.cancelled(why) : i);
  }

  /** Statuses only move forward (sending, queued, sent, delivered, read); a failure replaces a non-delivered one. */
  static DeliveryStatus progress(DeliveryStatus current, DeliveryStatus next) {
    if (current == null) {
      return next;
    }
    return rank(next) >= rank(current) ? next : current;
  }

  private static int rank(DeliveryStatus status) {
    return switch (status) {
      case SENDING -> 1;
      case QUEUED -> 2;
      case SENT -> 3;
      case FAILED, UNDELIVERED -> 4;
      case DELIVERED -> 5;
      case READ -> 6;
      case SUPPRESSED, EXPIRED, SKIPPED -> 7;
      case OTHER -> 0;
    };
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
