package org.contactability.waitlist.adapters.kafka;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.contactability.contracts.waitlist.PurgeCampaignProgress;

/** Keeps the newest progress of every campaign, on every instance, for the HTTP endpoint. */
final class ProgressStoreUpdater implements Processor<String, PurgeCampaignProgress, Void, Void> {

  private KeyValueStore<String, PurgeCampaignProgress> store;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(WaitlistStores.CAMPAIGN_PROGRESS);
  }

  @Override
  public void process(Record<String, PurgeCampaignProgress> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
    } else {
      store.put(record.key(), record.value());
    }
  }
}
