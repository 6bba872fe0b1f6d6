package org.contactability.waitlist.adapters.kafka;

import org.contactability.waitlist.domain.campaign.CampaignSpec;

/** What reaches a campaign's processor, already keyed by campaign id. */
sealed interface CampaignCommand {

  record Start(CampaignSpec spec) implements CampaignCommand {
  }

  record Answer(String campaignId, String entryId, boolean stillNeeded) implements CampaignCommand {
  }

  record Undeliverable(String campaignId, String entryId, String reason) implements CampaignCommand {
  }

  record WithdrawalResult(String campaignId, String entryId, boolean applied, String reason)
      implements CampaignCommand {
  }
}
