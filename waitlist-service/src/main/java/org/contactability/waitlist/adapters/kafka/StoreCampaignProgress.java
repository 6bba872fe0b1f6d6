package org.contactability.waitlist.adapters.kafka;

import java.util.Optional;

import org.contactability.common.kafka.StreamsApplication;
import org.contactability.contracts.waitlist.PurgeCampaignProgress;
import org.contactability.waitlist.application.CampaignProgressView;

/** The newest progress of a campaign, from the global store: the same answer on every instance. */
public final class StoreCampaignProgress implements CampaignProgressView {

  private final StreamsApplication streams;

  public StoreCampaignProgress(StreamsApplication streams) {
    this.streams = streams;
  }

  @Override
  public Optional<PurgeCampaignProgress> progress(String campaignId) {
    if (!streams.isReady()) {
      throw new IllegalStateException("the waitlist stream is " + streams.state() + ", not running yet");
    }
    return Optional.ofNullable(streams.<PurgeCampaignProgress>store(WaitlistStores.CAMPAIGN_PROGRESS).get(campaignId));
  }
}
