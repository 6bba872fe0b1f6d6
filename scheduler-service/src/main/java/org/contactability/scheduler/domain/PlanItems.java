package org.contactability.scheduler.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.contactability.contracts.common.Channel;

/** Names and constructors shared by the planner and its tests. */
public final class PlanItems {

  /** Step id of the notice sent when the HIS moves an appointment. */
  public static final String RESCHEDULE_NOTICE = "reschedule-notice";
  /** Step id of the notice sent when the hospital cancels an appointment. */
  public static final String CANCELLATION_NOTICE = "hospital-cancellation-notice";

  private PlanItems() {
  }

  public static String requestId(String appointmentId, String stepId, int planVersion, Channel channel) {
    return appointmentId + ":" + stepId + ":" + planVersion + ":" + channel;
  }

  /** One pending item per channel of a step. */
  static List<PlanItem> forStep(PolicyStep step, Instant dueAt, Instant notAfter, Instant causeCommitTime) {
    return forStep(step, dueAt, notAfter, causeCommitTime, false);
  }

  /** One pending item per channel of a step, held until the plan's messages so far are known to have failed. */
  static List<PlanItem> held(PolicyStep step, Instant deadline) {
    return forStep(step, deadline, deadline, null, true);
  }

  private static List<PlanItem> forStep(PolicyStep step, Instant dueAt, Instant notAfter, Instant causeCommitTime,
      boolean held) {
    List<PlanItem> items = new ArrayList<>();
    for (Channel channel : step.channels()) {
      items.add(new PlanItem(step.id(), ItemKind.STEP, step.purpose(), step.template(), step.offersAnswer(),
          step.condition(), step.afterConfirmation(), channel, step.fallback(), false, dueAt, notAfter,
          causeCommitTime, ItemState.PENDING, null, false, held, null, null));
    }
    return items;
  }

  /** The step's items, already closed (skipped), so that the plan records why nothing was sent. */
  static List<PlanItem> skipped(PolicyStep step, Instant nominalDue, Instant notAfter, SkipReason reason, String why) {
    return forStep(step, nominalDue, notAfter, null).stream().map(item -> item.skipped(reason, why)).toList();
  }

  static List<PlanItem> forNotice(String id, Notice notice, Instant dueAt, Instant notAfter, Instant causeCommitTime) {
    List<PlanItem> items = new ArrayList<>();
    for (Channel channel : notice.channels()) {
      items.add(new PlanItem(id, ItemKind.NOTICE, notice.purpose(), notice.template(), notice.offersAnswer(),
          SendCondition.ALWAYS, AfterConfirmation.KEEP, channel, notice.fallback(), false, dueAt, notAfter,
          causeCommitTime, ItemState.PENDING, null, false, false, null, null));
    }
    return items;
  }
}
