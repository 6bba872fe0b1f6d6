package org.contactability.waitlist.application;

/**
 * How many days a purge campaign gives patients to answer, as an operator's request may set it.
 *
 * @param defaultDays the window when a request names none
 * @param maxDays     the longest window a request may ask for
 */
public record AnswerWindows(int defaultDays, int maxDays) {
}
