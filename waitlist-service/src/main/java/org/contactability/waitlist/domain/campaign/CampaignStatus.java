package org.contactability.waitlist.domain.campaign;

/** Stage of a purge campaign. */
public enum CampaignStatus {
  /** Questions still going out at the campaign's pace. */
  SENDING,
  /** Every question sent; answer windows still open or withdrawals pending. */
  AWAITING_ANSWERS,
  /** Every entry has an outcome. Late answers still update the counts. */
  COMPLETED
}
