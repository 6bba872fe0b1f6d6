package org.contactability.console.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of an appointment's timeline.
 *
 * @param at        when it happened: the record's own business time (the platform's clock)
 * @param topic     catalogue name of the topic it was read from (without the deployment prefix)
 * @param kind      what it is, in the contract's words (CREATE, REMINDER, DELIVERED, CONFIRM, ...)
 * @param summary   one line for an operator, in Spanish, without patient data
 * @param estimated the record has no business time of its own (the enriched view): {@code at} is the
 *                  broker's timestamp moved by the difference between the platform's clock and the
 *                  broker's seen on the same appointment's other records
 */
public record TimelineEntry(Instant at, String topic, String kind, String summary, boolean estimated) {

  public TimelineEntry(Instant at, String topic, String kind, String summary) {
    this(at, topic, kind, summary, false);
  }

  public TimelineEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(summary, "summary");
  }
}
