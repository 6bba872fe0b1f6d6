package org.contactability.waitlist.application;

import java.util.Optional;

import org.contactability.contracts.waitlist.PurgeCampaignProgress;

/** The newest known progress of a campaign. */
public interface CampaignProgressView {

  /** @throws IllegalStateException while the service is not ready to answer */
  Optional<PurgeCampaignProgress> progress(String campaignId);
}
