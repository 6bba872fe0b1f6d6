package org.contactability.schemas.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.appointment.AppointmentDecision;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.PatientResponse;
import org.contactability.contracts.his.AppointmentChange;
import org.contactability.contracts.his.HisCommand;
import org.contactability.contracts.his.HisCommandResult;
import org.contactability.contracts.his.PatientChange;
import org.contactability.contracts.his.ProfessionalChange;
import org.contactability.contracts.his.SiteChange;
import org.contactability.contracts.his.WaitlistEntryChange;
import org.contactability.contracts.ops.AuditEvent;
import org.contactability.contracts.privacy.DataKey;
import org.contactability.contracts.waitlist.PurgeCampaign;
import org.contactability.contracts.waitlist.PurgeCampaignProgress;
import org.contactability.contracts.waitlist.SlotOfferEvent;

/**
 * The topic catalogue: every topic of the platform, declared once. Services, topic provisioning,
 * the console and the deployment manifests all read it; no topic name is written anywhere else.
 */
public final class Topics {

  private static final int PARTITIONS = 6;
  private static final Duration TWO_WEEKS = Duration.ofDays(14);
  /** Answers, decisions and delivery statuses: what happened to each patient, kept for a quarter. */
  private static final Duration QUARTER = Duration.ofDays(90);
  /**
   * Who saw or changed what is kept five years: a patient may ask who looked at their data, and a complaint to the data
   * protection agency or a court case about an access comes long after it (docs/privacy.md). A hospital bound to keep it
   * longer raises it on the topic.
   */
  public static final Duration AUDIT_TRAIL_RETENTION = Duration.ofDays(5 * 365 + 1);
  /** How long a destroyed data key may still lie in the broker's log before compaction removes it. */
  public static final Duration KEY_COMPACTION_LAG = Duration.ofHours(1);

  // Row changes captured from the HIS: compacted, so that a new consumer can rebuild every table.
  public static final TopicSpec<PatientChange> HIS_PATIENTS = his("his.patients", PatientChange.class, "patient");
  public static final TopicSpec<ProfessionalChange> HIS_PROFESSIONALS =
      his("his.professionals", ProfessionalChange.class, "professional");
  public static final TopicSpec<SiteChange> HIS_SITES = his("his.sites", SiteChange.class, "site");
  public static final TopicSpec<AppointmentChange> HIS_APPOINTMENTS =
      his("his.appointments", AppointmentChange.class, "appointment");
  public static final TopicSpec<WaitlistEntryChange> HIS_WAITLIST =
      his("his.waitlist", WaitlistEntryChange.class, "waiting-list entry");

  public static final TopicSpec<HisCommand> HIS_COMMANDS = new TopicSpec<>("his.commands", HisCommand.class,
      "id of the appointment or waiting-list entry the command is about", PARTITIONS, TWO_WEEKS, false, true,
      "Outcomes to write back into the HIS: book a waiting-list patient, set an appointment's status, withdraw an entry.");
  public static final TopicSpec<HisCommandResult> HIS_COMMAND_RESULTS = new TopicSpec<>("his.command.results",
      HisCommandResult.class, "same key as the command", PARTITIONS, QUARTER, false, true,
      "What the HIS did with each command: applied, already applied, or refused with the reason.");

  public static final TopicSpec<Appointment> APPOINTMENTS = new TopicSpec<>("appointments", Appointment.class,
      "appointment id", PARTITIONS, null, true, true,
      "Enriched appointment view: appointment joined with patient, professional, site, hospital and policy deadlines.");
  public static final TopicSpec<ContactRequest> CONTACT_REQUESTS = new TopicSpec<>("contact.requests",
      ContactRequest.class, "appointment id (waiting-list entry id when there is no appointment)", PARTITIONS,
      TWO_WEEKS, false, true, "Messages to send: one channel, one template, one idempotency key each.");
  public static final TopicSpec<ContactStatus> CONTACT_STATUS = new TopicSpec<>("contact.status", ContactStatus.class,
      "same key as the request", PARTITIONS, QUARTER, false, true,
      "Delivery statuses: queued, sent, delivered, read, failed, undelivered, suppressed, expired; skipped plan steps.");
  public static final TopicSpec<PatientResponse> PATIENT_RESPONSES = new TopicSpec<>("patient.responses",
      PatientResponse.class, "appointment id when correlated, else the sender's address", PARTITIONS, QUARTER, false,
      true, "Patients' answers with their parsed intent and raw text (audit).");
  /** Compacted, so that an opt-out outlives the 90 days of patient.responses. */
  public static final TopicSpec<PatientResponse> CONTACT_SUPPRESSIONS = new TopicSpec<>("contact.suppressions",
      PatientResponse.class, "normalised address (E.164) of the patient who opted out", PARTITIONS, null, true, true,
      "Opt-outs (STOP, BAJA) per address, kept forever: WhatsApp and SMS to these addresses are suppressed. A tombstone lifts one.");
  public static final TopicSpec<AppointmentDecision> APPOINTMENT_DECISIONS = new TopicSpec<>("appointment.decisions",
      AppointmentDecision.class, "appointment id", PARTITIONS, QUARTER, false, true,
      "Confirmations, cancellations (by patient or hospital), reschedules and refused answers.");
  public static final TopicSpec<SlotOfferEvent> WAITLIST_OFFERS = new TopicSpec<>("waitlist.offers",
      SlotOfferEvent.class, "slot id (the cancelled appointment's id)", PARTITIONS, QUARTER, false, true,
      "Life of each freed slot: opened, offered, accepted, declined, expired, booked, released.");
  public static final TopicSpec<PurgeCampaign> WAITLIST_CAMPAIGNS = new TopicSpec<>("waitlist.campaigns",
      PurgeCampaign.class, "campaign id", PARTITIONS, QUARTER, false, true,
      "Requests to purge a waiting list: ask every waiting patient whether they still need the care.");
  public static final TopicSpec<PurgeCampaignProgress> WAITLIST_CAMPAIGN_PROGRESS = new TopicSpec<>(
      "waitlist.campaign.progress", PurgeCampaignProgress.class, "campaign id", PARTITIONS, null, true, true,
      "Where each purge campaign stands: asked, still needed, withdrawn, no answer, undeliverable.");

  /**
   * The wrapped data keys of the patients and the blind-index key. One partition, so that every service reads the keys
   * in one order (the earliest blind-index key is the one in use). Erasing a patient overwrites their keys with records
   * that hold no key material; the old records must then leave the log soon, so the broker rolls the active segment
   * and compacts it within {@link #KEY_COMPACTION_LAG} (docs/privacy.md).
   */
  public static final TopicSpec<DataKey> PRIVACY_KEYS = new TopicSpec<>("privacy.keys", DataKey.class, "key id", 1, null,
      true, false, "Wrapped data keys (one per patient) and the blind-index key; an erased patient's keys hold no key"
          + " material.", Map.of(
              "max.compaction.lag.ms", Long.toString(Topics.KEY_COMPACTION_LAG.toMillis()),
              "min.compaction.lag.ms", "0",
              "min.cleanable.dirty.ratio", "0.01"));

  /**
   * The audit trail (docs/privacy.md): never compacted (each event stands alone) and kept {@link #AUDIT_TRAIL_RETENTION}.
   * Keyed by who acted, so that one person's acts stay in order. Only the console reads it; a record it cannot read is
   * skipped with a log line, as nobody may dead-letter (and so move) an audit record.
   */
  public static final TopicSpec<AuditEvent> AUDIT_EVENTS = new TopicSpec<>("audit.events", AuditEvent.class,
      "subject (who acted; the remote address when nobody logged in)", 3, AUDIT_TRAIL_RETENTION, false, false,
      "Who looked at a patient's clear data, changed state or was refused, when and from where: ids only.");

  /**
   * Kafka Connect source offsets of his-connector's Debezium engine (the HIS log position it has
   * published up to), so that a restart or a move to another machine resumes where it stopped.
   */
  public static final InternalTopic HIS_CONNECTOR_OFFSETS = new InternalTopic("his.connector.offsets", 1, true,
      "his-connector", "Debezium source offsets (LSN and transaction of the last published HIS change).");

  private Topics() {
  }

  private static <V extends SpecificRecord> TopicSpec<V> his(String name, Class<V> type, String row) {
    return new TopicSpec<>(name, type, row + " row id", PARTITIONS, null, true, true,
        "Changes of HIS " + row + " rows, captured by his-connector.");
  }

  /** Every topic of the catalogue, in flow order. */
  public static List<TopicSpec<?>> all() {
    return List.of(HIS_PATIENTS, HIS_PROFESSIONALS, HIS_SITES, HIS_APPOINTMENTS, HIS_WAITLIST,
        APPOINTMENTS, CONTACT_REQUESTS, CONTACT_STATUS, PATIENT_RESPONSES, CONTACT_SUPPRESSIONS, APPOINTMENT_DECISIONS,
        WAITLIST_OFFERS, WAITLIST_CAMPAIGNS, WAITLIST_CAMPAIGN_PROGRESS, HIS_COMMANDS, HIS_COMMAND_RESULTS,
        PRIVACY_KEYS, AUDIT_EVENTS);
  }

  /** Topics that one service keeps for itself; provisioning creates them too. */
  public static List<InternalTopic> internal() {
    return List.of(HIS_CONNECTOR_OFFSETS);
  }

  /** Every topic and, after each, its dead-letter topic: what provisioning creates. */
  public static List<TopicSpec<?>> allWithDeadLetters() {
    List<TopicSpec<?>> topics = new ArrayList<>();
    for (TopicSpec<?> topic : all()) {
      topics.add(topic);
      topic.deadLetter().ifPresent(topics::add);
    }
    return List.copyOf(topics);
  }
}
