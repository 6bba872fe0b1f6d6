package org.contactability.notifier.adapters.mail;

import java.time.Clock;
import java.util.Date;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import biweekly.property.Method;
import biweekly.property.Status;
import org.contactability.notifier.application.CalendarEntry;

/**
 * Writes an appointment as an iCalendar file (RFC 5545) with biweekly. Times are written in UTC,
 * which every calendar shows in its own zone, so no VTIMEZONE is needed. A cancelled appointment is
 * a CANCEL of the same UID, so that calendars that imported it remove it.
 */
public final class CalendarInvites {

  private final Clock clock;

  public CalendarInvites(Clock clock) {
    this.clock = clock;
  }

  public String ics(CalendarEntry entry) {
    ICalendar calendar = new ICalendar();
    calendar.setProductId("-//contactability//notifier//ES");
    calendar.setMethod(entry.cancelled() ? Method.cancel() : Method.publish());
    VEvent event = new VEvent();
    event.setUid(entry.uid());
    event.setSequence(entry.sequence());
    event.setDateTimeStamp(Date.from(clock.instant()));
    event.setDateStart(Date.from(entry.start()));
    event.setDateEnd(Date.from(entry.end()));
    event.setSummary(entry.summary());
    if (!entry.location().isBlank()) {
      event.setLocation(entry.location());
    }
    event.setDescription(entry.description());
    event.setStatus(entry.cancelled() ? Status.cancelled() : Status.confirmed());
    calendar.addEvent(event);
    return Biweekly.write(calendar).go();
  }

  public static String method(CalendarEntry entry) {
    return entry.cancelled() ? "CANCEL" : "PUBLISH";
  }
}
