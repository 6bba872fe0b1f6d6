package org.contactability.console.domain;

import java.util.List;

/**
 * An appointment's timeline across topics, oldest first.
 *
 * @param dropped how many older entries were dropped to keep the timeline within its bound
 */
public record Timeline(AppointmentSummary appointment, List<TimelineEntry> entries, int dropped) {

  public Timeline {
    entries = List.copyOf(entries);
  }
}
