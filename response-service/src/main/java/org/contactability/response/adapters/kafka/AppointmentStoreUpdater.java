package org.contactability.response.adapters.kafka;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.contactability.contracts.appointment.Appointment;

/** The appointments view as it is now: a deleted appointment (tombstone or {@code deleted}) is forgotten. */
final class AppointmentStoreUpdater implements Processor<String, Appointment, Void, Void> {

  private KeyValueStore<String, Appointment> store;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(ResponseStores.APPOINTMENTS);
  }

  @Override
  public void process(Record<String, Appointment> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null || record.value().getDeleted()) {
      store.delete(record.key());
    } else {
      store.put(record.key(), record.value());
    }
  }
}
