package org.contactability.scheduler.adapters.kafka;

import java.time.Duration;

/**
 * How the contact plans are kept and sent.
 *
 * @param serviceName        {@code decidedBy} of the scheduler's decisions (its own are ignored when read back)
 * @param tick               how often the punctuator looks for due steps
 * @param batchSize          due entries read from the index at a time
 * @param punctuationBudget  real time one punctuation may keep the stream thread before yielding
 */
public record PlanSettings(String serviceName, Duration tick, int batchSize, Duration punctuationBudget) {
}
