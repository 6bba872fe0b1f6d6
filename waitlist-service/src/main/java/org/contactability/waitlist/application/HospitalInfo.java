package org.contactability.waitlist.application;

/**
 * What messages say about a hospital when no appointment carries it (purge questions). Fields may
 * be null when not configured.
 */
public record HospitalInfo(String name, String phone, String zone) {
}
