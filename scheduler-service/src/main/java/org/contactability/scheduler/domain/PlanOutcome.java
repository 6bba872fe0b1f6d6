package org.contactability.scheduler.domain;

import java.time.Instant;
import java.util.Map;

import org.contactability.contracts.appointment.DecisionType;

/** What a plan change asks the outside world to do. */
public sealed interface PlanOutcome {

  /**
   * Send one message now.
   *
   * @param template  what to say: the item's template, or its confirmed variant for a patient who confirmed
   * @param respondBy until when the patient may answer it; null when it offers no answer
   * @param notAfter  until when the notifier may keep trying this channel: the step's deadline on the
   *                  last channel of its chain, an equal share of what is left of it on the others
   * @param variables extra template variables (documented in docs/scheduler-service.md)
   */
  record Send(String requestId, AppointmentFacts appointment, int planVersion, PlanItem item, String template,
      Instant respondBy, Instant notAfter, Map<String, String> variables) implements PlanOutcome {
    public Send {
      variables = Map.copyOf(variables);
    }
  }

  /**
   * Record that a planned message will not go ({@code item.skip()} says why), so that every step
   * leaves a trace where operators look.
   */
  record Skip(String requestId, AppointmentFacts appointment, int planVersion, PlanItem item) implements PlanOutcome {
  }

  /** Publish a decision the scheduler saw happen in the HIS. */
  record Decide(DecisionType type, String reason, Instant previousStartsAt) implements PlanOutcome {
  }
}
