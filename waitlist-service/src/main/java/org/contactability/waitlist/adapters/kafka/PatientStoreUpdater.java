package org.contactability.waitlist.adapters.kafka;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.contactability.contracts.his.PatientChange;

/** Keeps the global patient store from {@code his.patients}; a delete removes the patient. */
final class PatientStoreUpdater implements Processor<String, PatientChange, Void, Void> {

  private KeyValueStore<String, PatientChange> store;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(WaitlistStores.PATIENTS);
  }

  @Override
  public void process(Record<String, PatientChange> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null || record.value().getAfter() == null) {
      store.delete(record.key());
    } else {
      store.put(record.key(), record.value());
    }
  }
}
