package org.contactability.waitlist.domain.candidate;

import java.time.LocalDate;

/**
 * A waiting-list entry joined with its patient's contact data: who may be offered a freed slot or
 * asked whether they still need the care.
 *
 * @param entryId          HIS id of the waiting-list entry
 * @param patientId        HIS id of the patient
 * @param hospitalCode     hospital whose list it is
 * @param specialty        specialty the patient waits for
 * @param appointmentType  kind of appointment needed (e.g. NEW_CONSULTATION)
 * @param professionalId   professional the referral names, or null
 * @param siteId           site the referral names, or null
 * @param ges              covered by a GES explicit health guarantee
 * @param gesDeadline      date by which the guarantee must be met, or null
 * @param clinicalPriority 1 is the most urgent
 * @param enteredOn        date the patient entered the list
 * @param waiting          whether the entry still waits (HIS status WAITING)
 * @param contact          the patient's names and addresses; null when the patient row is unknown
 */
public record Candidate(
    String entryId,
    String patientId,
    String hospitalCode,
    String specialty,
    String appointmentType,
    String professionalId,
    String siteId,
    boolean ges,
    LocalDate gesDeadline,
    int clinicalPriority,
    LocalDate enteredOn,
    boolean waiting,
    Contact contact) {
}
