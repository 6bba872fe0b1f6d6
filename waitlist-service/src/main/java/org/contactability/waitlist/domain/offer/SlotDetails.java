package org.contactability.waitlist.domain.offer;

/** What an offer message says about the slot besides its time; every field may be null. */
public record SlotDetails(
    String zone,
    String hospitalName,
    String hospitalPhone,
    String siteName,
    String siteAddress,
    String professionalTitle,
    String professionalName) {
}
