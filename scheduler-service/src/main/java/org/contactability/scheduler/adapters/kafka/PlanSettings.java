package org.contactability.scheduler.adapters.kafka;

import java.time.Duration;

/**
 * How the contact plans are kept and sent.
 *
 * @param serviceName        {@code decidedBy} of the scheduler's decisions (its own are ignored when read back)
 * @param tick               how often the punctuator looks for due steps
 * @param batchSize          due entries read from the index at a time
 * @param punctuationBudget  real time one punctuation may keep the stream thread before yielding
 * @param requestsPerTick    most contact requests one punctuation sends: a catch-up of thousands of overdue
 *                           steps goes out in due order at this pace instead of all at once
 */
public record PlanSettings(String serviceName, Duration tick, int batchSize, Duration punctuationBudget,
    int requestsPerTick) {

  public PlanSettings {
    if (requestsPerTick < 1) {
      throw new IllegalArgumentException("requests per tick must be at least 1, got " + requestsPerTick);
    }
  }
}
