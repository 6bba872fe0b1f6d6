package org.contactability.waitlist.domain.campaign;

import java.time.Instant;

import org.contactability.waitlist.domain.candidate.Recipient;

/**
 * One waiting-list entry in a purge campaign.
 *
 * @param specialty the specialty the entry waits for (the question names it)
 * @param recipient where the question goes; null when the patient cannot be reached
 * @param askedAt   when the question was sent, null while queued
 * @param answerBy  end of the answer window, null while queued
 */
public record CampaignMember(
    String campaignId,
    String entryId,
    String patientId,
    String specialty,
    Recipient recipient,
    MemberStatus status,
    Instant askedAt,
    Instant answerBy) {

  CampaignMember with(MemberStatus newStatus) {
    return new CampaignMember(campaignId, entryId, patientId, specialty, recipient, newStatus, askedAt, answerBy);
  }

  CampaignMember asked(Instant at, Instant by) {
    return new CampaignMember(campaignId, entryId, patientId, specialty, recipient, MemberStatus.ASKED, at, by);
  }
}
