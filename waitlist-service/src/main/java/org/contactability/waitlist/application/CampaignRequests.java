package org.contactability.waitlist.application;

import java.util.concurrent.CompletableFuture;

import org.contactability.contracts.waitlist.PurgeCampaign;

/** Where a requested purge campaign is handed to the topology (the waitlist.campaigns topic). */
public interface CampaignRequests {

  /** Completes once the request is durably recorded. */
  CompletableFuture<Void> submit(PurgeCampaign campaign);
}
