package org.contactability.console.domain;

import java.time.Instant;
import java.util.List;

/**
 * What the console learns from one record: the appointments whose timeline gets {@code entry}
 * (none when the record is not about an appointment), and the facts the projections count.
 *
 * @param entry      null when the record adds nothing to any timeline
 * @param brokerTime the record's timestamp on the broker (the producers' real time), null when unknown
 */
public record Observation(List<String> appointmentIds, TimelineEntry entry, List<Fact> facts, Instant brokerTime) {

  public Observation {
    appointmentIds = appointmentIds.stream().filter(id -> id != null && !id.isBlank()).distinct().toList();
    facts = List.copyOf(facts);
  }

  public Observation(List<String> appointmentIds, TimelineEntry entry, List<Fact> facts) {
    this(appointmentIds, entry, facts, null);
  }

  public static Observation of(Fact... facts) {
    return new Observation(List.of(), null, List.of(facts));
  }
}
