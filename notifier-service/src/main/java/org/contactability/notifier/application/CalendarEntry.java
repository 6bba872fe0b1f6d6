package org.contactability.notifier.application;

import java.time.Instant;

/**
 * The appointment as a calendar event, attached to e-mails as an .ics file.
 *
 * @param uid         stable per appointment, so that a calendar updates or removes the same event
 * @param sequence    grows on every reschedule (the contact plan's version)
 * @param cancelled   the appointment no longer takes place (the .ics cancels the event)
 */
public record CalendarEntry(String uid, int sequence, Instant start, Instant end, String summary, String location,
    String description, boolean cancelled) {
}
