package org.contactability.waitlist.adapters.kafka;

/** Names of the state stores of the waitlist topology (their changelogs are named after them). */
final class WaitlistStores {

  /** Global: waiting-list entries by id, and an index by hospital and specialty. */
  static final String WAITLIST = "waitlist-entries";
  /** Global: patients by id (names and addresses for reachability and messages). */
  static final String PATIENTS = "patients";
  /** Global: the newest progress of every purge campaign, for GET /api/campaigns/{id}. */
  static final String CAMPAIGN_PROGRESS = "campaign-progress";
  /** One record per freed slot. */
  static final String SLOTS = "slots";
  /** {@code <due epoch millis, zero-padded>|<slot id>}: when each slot must be looked at next. */
  static final String SLOT_DUE = "slot-due";
  /** One record per purge campaign. */
  static final String CAMPAIGNS = "campaigns";
  /** {@code <campaign id><US><entry id>}: one record per entry of a campaign, in entry-id order. */
  static final String CAMPAIGN_MEMBERS = "campaign-members";

  /** Unit separator: cannot appear in ids or specialty names typed by people. */
  static final char SEPARATOR = '\u001f';
  /** Sorts after any character of an id. */
  static final char END = '\uffff';

  private WaitlistStores() {
  }

  static String dueKey(java.time.Instant due, String id) {
    return String.format("%015d", Math.max(0, due.toEpochMilli())) + '|' + id;
  }

  static String memberKey(String campaignId, String entryId) {
    return campaignId + SEPARATOR + entryId;
  }
}
