package org.contactability.response.adapters.kafka;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.contactability.contracts.appointment.AppointmentDecision;
import org.contactability.contracts.appointment.DecisionType;
import org.contactability.contracts.common.Channel;

/**
 * Keeps the decisions the answer page and calls show: the decision that judged each answer given on the
 * page or on a call (so that they can tell the patient the outcome at once; WhatsApp and SMS answers
 * are answered by message and need no lookup) and each appointment's standing decision (its latest
 * confirmation or cancellation by the patient).
 */
final class DecisionStoreUpdater implements Processor<String, AppointmentDecision, Void, Void> {

  private KeyValueStore<String, AppointmentDecision> store;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(ResponseStores.DECISIONS);
  }

  @Override
  public void process(Record<String, AppointmentDecision> record) {
    AppointmentDecision decision = record.value();
    if (decision == null) {
      return;
    }
    if (decision.getResponseId() != null
        && (decision.getChannel() == Channel.WEB || decision.getChannel() == Channel.VOICE)) {
      store.put(ResponseStores.decisionForResponse(decision.getResponseId()), decision);
    }
    if (decision.getType() == DecisionType.CONFIRMED || decision.getType() == DecisionType.CANCELLED_BY_PATIENT) {
      store.put(ResponseStores.standingDecision(decision.getAppointmentId()), decision);
    }
  }
}
