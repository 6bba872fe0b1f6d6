package org.contactability.scheduler.domain;

import java.util.List;

/**
 * The result of one event on a plan.
 *
 * @param plan     the plan afterwards; null when it is to be forgotten
 * @param changed  whether the plan must be stored again
 * @param outcomes messages to send and decisions to publish, in order
 */
public record PlanChange(ContactPlan plan, boolean changed, List<PlanOutcome> outcomes) {

  public PlanChange {
    outcomes = List.copyOf(outcomes);
  }

  static PlanChange unchanged(ContactPlan plan) {
    return new PlanChange(plan, false, List.of());
  }

  static PlanChange forget() {
    return new PlanChange(null, true, List.of());
  }
}
