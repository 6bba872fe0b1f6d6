package org.contactability.waitlist.adapters.kafka;

import java.util.Locale;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.contactability.contracts.his.WaitlistEntryChange;
import org.contactability.contracts.his.WaitlistEntryRow;

/**
 * Keeps the global waiting-list store from {@code his.waitlist}: each entry by id ({@code e<US>id})
 * and under {@code i<US>hospital<US>specialty<US>id}, so that the candidates of a slot are one
 * range scan. A delete ({@code after = null}, then a tombstone) removes both. Kafka Streams runs
 * this processor on restore too, so the index is rebuilt the same way after a restart.
 */
final class WaitlistStoreUpdater implements Processor<String, WaitlistEntryChange, Void, Void> {

  private KeyValueStore<String, WaitlistEntryChange> store;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(WaitlistStores.WAITLIST);
  }

  @Override
  public void process(Record<String, WaitlistEntryChange> record) {
    String entryId = record.key();
    if (entryId == null) {
      return;
    }
    WaitlistEntryChange previous = store.get(entryKey(entryId));
    if (previous != null && previous.getAfter() != null) {
      store.delete(indexKey(previous.getAfter()));
    }
    WaitlistEntryChange change = record.value();
    if (change == null || change.getAfter() == null) {
      store.delete(entryKey(entryId));
      return;
    }
    store.put(entryKey(entryId), change);
    store.put(indexKey(change.getAfter()), change);
  }

  static String entryKey(String entryId) {
    return "e" + WaitlistStores.SEPARATOR + entryId;
  }

  static String indexKey(WaitlistEntryRow row) {
    return indexPrefix(row.getHospitalCode(), row.getSpecialty()) + row.getId();
  }

  /** Prefix of the index keys of a hospital's list, or of one specialty of it when {@code specialty} is set. */
  static String indexPrefix(String hospitalCode, String specialty) {
    String prefix = "i" + WaitlistStores.SEPARATOR + normal(hospitalCode) + WaitlistStores.SEPARATOR;
    return specialty == null ? prefix : prefix + normal(specialty) + WaitlistStores.SEPARATOR;
  }

  private static String normal(String text) {
    return text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
  }
}
