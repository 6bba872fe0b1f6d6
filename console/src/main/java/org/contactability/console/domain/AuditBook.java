package org.contactability.console.domain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The most recent events of the audit trail, newest first, for the console's audit page: at most {@code max} of them
 * (the topic keeps years; the page answers "who did this lately"). Not thread-safe.
 */
public final class AuditBook {

  private final int max;
  private final Deque<AuditEntry> events = new ArrayDeque<>();
  private long dropped;

  public AuditBook(int max) {
    this.max = max;
  }

  public void apply(Fact fact) {
    if (fact instanceof Fact.Audited audited) {
      events.addFirst(audited.event());
      if (events.size() > max) {
        events.removeLast();
        dropped++;
      }
    }
  }

  /**
   * The newest events that match every filter given (a blank filter matches all), at most {@code limit}.
   *
   * @param who     part of the subject, in any case
   * @param what    part of the kind, method or path ("erasure", "PATIENT_DATA_VIEW", "POST")
   * @param patient the patient's id, exactly
   */
  public List<AuditEntry> newestFirst(String who, String what, String patient, int limit) {
    List<AuditEntry> found = new ArrayList<>();
    for (Iterator<AuditEntry> it = events.iterator(); it.hasNext() && found.size() < limit; ) {
      AuditEntry event = it.next();
      if (contains(event.subject(), who)
          && (contains(event.kind(), what) || contains(event.method(), what) || contains(event.path(), what))
          && (blank(patient) || patient.strip().equals(event.patientId()))) {
        found.add(event);
      }
    }
    return found;
  }

  /** Events older than the newest {@code max} that the book no longer keeps. */
  public long dropped() {
    return dropped;
  }

  private static boolean contains(String value, String filter) {
    return blank(filter) || value != null && value.toLowerCase(Locale.ROOT).contains(filter.strip().toLowerCase(Locale.ROOT));
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }
}
