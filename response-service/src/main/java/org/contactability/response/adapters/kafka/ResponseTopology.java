package org.contactability.response.adapters.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.contactability.common.kafka.DeadLetters;
import org.contactability.contracts.appointment.AppointmentDecision;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.PatientResponse;
import org.contactability.contracts.his.HisCommand;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.response.domain.AnswerState;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.TopicSpec;
import org.contactability.schemas.topics.Topics;

/**
 * response-service's stream processor, top to bottom:
 * <ol>
 *   <li>four global views that every instance holds whole, for the webhooks and the answer page:
 *       appointments, questions (contact.requests), their deliveries (contact.status), decisions;</li>
 *   <li>the judge: patient.responses, keyed by appointment id, judged one at a time per appointment
 *       against the answer state of that appointment, into appointment.decisions, his.commands,
 *       contact.requests (the answer message) and patient.responses.dlq.</li>
 * </ol>
 */
public final class ResponseTopology {

  /** Who decides, in decisions, commands and dead letters. */
  public static final String SERVICE = "response-service";

  /** The topics read whole into the global views (other services own and park them). */
  public static final List<TopicSpec<?>> VIEWS = List.of(Topics.APPOINTMENTS, Topics.CONTACT_REQUESTS,
      Topics.CONTACT_STATUS, Topics.APPOINTMENT_DECISIONS);

  private ResponseTopology() {
  }

  /**
   * @param phoneIndex        the blind index of a question's sealed recipient phone ({@link
   *                          org.contactability.response.application.AnswerPrivacy#recipientIndex})
   * @param questionRetention how long after its window closed a question is kept for correlation
   * @param deadLetters       the letters of answers that cannot be judged, forwarded to patient.responses.dlq
   */
  public static Topology build(TopicNaming naming, AvroSerdes serdes, Function<String, String> phoneIndex,
      Duration questionRetention, Clock clock, MeterRegistry meters, DeadLetters deadLetters) {
    StreamsBuilder builder = new StreamsBuilder();

    view(builder, naming, serdes, Topics.APPOINTMENTS, ResponseStores.APPOINTMENTS, AppointmentStoreUpdater::new);
    view(builder, naming, serdes, Topics.CONTACT_REQUESTS, ResponseStores.QUESTIONS,
        () -> new QuestionStoreUpdater(phoneIndex, questionRetention));
    view(builder, naming, serdes, Topics.CONTACT_STATUS, ResponseStores.DELIVERIES, DeliveryStoreUpdater::new);
    view(builder, naming, serdes, Topics.APPOINTMENT_DECISIONS, ResponseStores.DECISIONS, DecisionStoreUpdater::new);

    StoreBuilder<KeyValueStore<String, AnswerState>> answerState = Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(ResponseStores.ANSWER_STATE), Serdes.String(), new AnswerStateSerde());
    builder.addStateStore(answerState);

    Serde<PatientResponse> responses = serdes.forValues(Topics.PATIENT_RESPONSES);
    String responsesTopic = naming.name(Topics.PATIENT_RESPONSES);
    KStream<String, SpecificRecord> judged = builder
        .stream(responsesTopic, Consumed.with(Serdes.String(), responses).withName("patient-responses"))
        .process(() -> new AnswerProcessor(clock, deadLetters, responses.serializer(), responsesTopic, meters),
            Named.as("answer-judge"), ResponseStores.ANSWER_STATE);

    route(judged, AppointmentDecision.class, naming.name(Topics.APPOINTMENT_DECISIONS),
        serdes.forValues(Topics.APPOINTMENT_DECISIONS));
    route(judged, HisCommand.class, naming.name(Topics.HIS_COMMANDS), serdes.forValues(Topics.HIS_COMMANDS));
    route(judged, ContactRequest.class, naming.name(Topics.CONTACT_REQUESTS),
        serdes.forValues(Topics.CONTACT_REQUESTS));
    route(judged, DeadLetter.class, naming.deadLetterName(Topics.PATIENT_RESPONSES),
        serdes.forValues(DeadLetter.class));
    return builder.build();
  }

  private static <V extends SpecificRecord> void view(StreamsBuilder builder, TopicNaming naming, AvroSerdes serdes,
      TopicSpec<V> topic, String store, ProcessorSupplier<String, V, Void, Void> indexer) {
    Serde<V> values = serdes.forValues(topic);
    // Global stores have no changelog: their source topic is one, and the indexer is replayed over it on restore.
    StoreBuilder<KeyValueStore<String, V>> storeBuilder = Stores
        .keyValueStoreBuilder(Stores.persistentKeyValueStore(store), Serdes.String(), new LastValueSerde<>(values))
        .withLoggingDisabled();
    builder.addGlobalStore(storeBuilder, naming.name(topic), Consumed.with(Serdes.String(), values)
        .withName(store + "-source"), indexer);
  }

  private static <V extends SpecificRecord> void route(KStream<String, SpecificRecord> judged, Class<V> type,
      String topic, Serde<V> serde) {
    String name = type.getSimpleName().toLowerCase(java.util.Locale.ROOT);
    judged.filter((key, value) -> type.isInstance(value), Named.as("only-" + name))
        .mapValues(type::cast, Named.as("as-" + name))
        .to(topic, Produced.with(Serdes.String(), serde).withName("to-" + name));
  }
}
