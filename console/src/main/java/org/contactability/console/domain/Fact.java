package org.contactability.console.domain;

import java.time.Instant;
import java.time.LocalDateTime;

/**
 * Something the console's projections count, translated from a record of a catalogue topic. Facts
 * hold no patient data in clear except the RUT, which search needs and which is never shown.
 */
public sealed interface Fact {

  /**
   * An appointment as the HIS row or the enriched view shows it. Null fields are unknown to the
   * source (a HIS row knows the site, not the hospital) and leave what is known unchanged.
   *
   * @param rut     the key of the patient's RUT (see {@link PatientSeen}); null from a HIS row
   * @param details the enriched view's descriptive fields; null from a HIS row
   */
  record AppointmentSeen(String appointmentId, String hospitalCode, String siteId, LocalDateTime startsAtLocal,
      HisStatus status, String patientId, String rut, Instant confirmUntil, boolean deleted,
      AppointmentDetails details, Instant at) implements Fact {
  }

  /**
   * What the enriched view says about an appointment, masked for operators.
   *
   * @param patient      the patient's initials ({@code Mask.name})
   * @param professional title and name of the professional (not patient data)
   */
  record AppointmentDetails(String siteName, String specialty, String professional, String patient,
      String policyId, Instant cancelUntil, SealedPatient sealed) {

    public AppointmentDetails(String siteName, String specialty, String professional, String patient, String policyId,
        Instant cancelUntil) {
      this(siteName, specialty, professional, patient, policyId, cancelUntil, null);
    }
  }

  /**
   * The patient's data of an appointment's view as it travels, sealed under the patient's data key: kept so that an
   * operator can ask to see it in clear (an audited view, docs/privacy.md), never shown as it is.
   */
  record SealedPatient(String patientId, String rut, String givenNames, String fullName, String mobilePhone,
      String email, String landlinePhone) {
  }

  /** A HIS site and the hospital it belongs to. */
  record SiteSeen(String siteId, String hospitalCode) implements Fact {
  }

  /**
   * A HIS patient's RUT as the console may keep it: never in clear.
   *
   * @param rut    the key a search by RUT looks for (the blind index of the normalised RUT, docs/privacy.md)
   * @param masked what operators see ({@code Mask.rut})
   */
  record PatientSeen(String patientId, String rut, String masked) implements Fact {
  }

  /**
   * A delivery status of a notice about an appointment (booking notice, reminder, reschedule or cancellation notice).
   *
   * @param stepId   the contact plan's step that sent it, null when unknown
   * @param reminder whether the notice is a reminder (the answers' clock starts at the first one)
   */
  record NoticeStatus(String appointmentId, NoticeChannel channel, Delivery delivery, String stepId, boolean reminder,
      Instant at) implements Fact {
  }

  /**
   * What kind of appointment it is, for the outcomes' breakdowns: from the HIS row and the view.
   *
   * @param siteName the site's name from the view; null from a HIS row
   */
  record AppointmentClassified(String appointmentId, String specialty, AppointmentKind kind, int durationMinutes,
      String siteName) implements Fact {
  }

  /** A message about an appointment that did not reach the patient, and why (one fact per reason). */
  record NotSent(String appointmentId, NotSentReason reason, Instant at) implements Fact {
  }

  /** A decision about an appointment. */
  record DecisionMade(String appointmentId, DecisionKind kind, Instant at) implements Fact {
  }

  /**
   * A step in the life of a slot freed by a cancellation (slot id = the cancelled appointment's id).
   *
   * @param slot what the slot is, for the outcomes' breakdowns; null when unknown
   */
  record SlotEvent(String slotId, String hospitalCode, LocalDateTime startsAtLocal, SlotStep step, Instant at,
      SlotShape slot) implements Fact {
  }

  /** A freed slot's place, kind, start and length. */
  record SlotShape(String siteId, String specialty, AppointmentKind kind, int durationMinutes, Instant startsAt) {
  }

  /**
   * The newest counts of a waiting-list purge campaign (every entry in exactly one count).
   *
   * @param noLongerNeeded answered that they no longer need the care (withdrawing, withdrawn or refused by the HIS)
   */
  record CampaignProgress(String campaignId, String hospitalCode, String specialty, Instant startedAt, String status,
      int total, int stillNeeded, int noLongerNeeded, int noAnswer, int undeliverable, int awaitingAnswer)
      implements Fact {
  }

  /** A record parked on a dead-letter topic. */
  record DeadLetterSeen(DeadLetterEntry deadLetter) implements Fact {
  }

  /** An event of the audit trail (topic audit.events). */
  record Audited(AuditEntry event) implements Fact {
  }

  /** A record republished from a dead letter (seen by its replay header): that dead letter is not replayed again. */
  record Replayed(String deadLetterId) implements Fact {
  }
}
