package org.contactability.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.awaitility.Awaitility;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.ContactPurpose;
import org.contactability.contracts.common.Correlation;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.CorrelationMethod;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.Intent;
import org.contactability.contracts.contact.PatientResponse;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.TopicSpec;
import org.contactability.schemas.topics.Topics;
import org.contactability.testkit.SharedKafka;
import org.contactability.testkit.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The one dead-letter path of the Kafka Streams services, on the real broker: one application reading a
 * topic, a repartition of another, a global store it parks itself and a view another service owns.
 * Unreadable bytes and records a processor throws on go to the dead-letter topic of their catalogue
 * topic, with the reason, and the stream keeps flowing.
 */
class StreamsDeadLettersTest {

  private static final Instant NOW = Instant.parse("2026-05-04T12:00:00Z");
  private static final TopicNaming NAMING = new TopicNaming(SharedKafka.topicPrefix(StreamsDeadLettersTest.class));
  private static final AvroSerdes SERDES = new AvroSerdes(Map.of("schema.registry.url", "mem://dead-letters-"
      + UUID.randomUUID()));
  private static final String OUT = NAMING.prefix() + "judged";
  private static final SimpleMeterRegistry METERS = new SimpleMeterRegistry();
  private static StreamsApplication application;

  @BeforeAll
  static void start() {
    SharedKafka.createTopics(Topics.allWithDeadLetters().stream()
        .map(topic -> TopicProvisioner.newTopic(topic, NAMING, (short) 1)).toList());
    SharedKafka.createTopic(OUT, 1);
    DeadLetters letters = new DeadLetters("judge-service", Clock.fixed(NOW, ZoneOffset.UTC), NAMING, METERS);
    Map<String, Object> producer = SharedKafka.clientProperties();
    StreamsDeadLetters deadLetters = StreamsDeadLetters.builder(letters, SERDES.forValues(DeadLetter.class).serializer())
        .repartitions(Map.of("statuses-by-request", Topics.CONTACT_STATUS))
        .globalStores(List.of(Topics.HIS_PATIENTS),
            new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer()))
        .parkedByTheirOwners(List.of(Topics.APPOINTMENTS))
        .build();
    Map<String, Object> settings = new HashMap<>(SharedKafka.clientProperties());
    settings.put(StreamsConfig.APPLICATION_ID_CONFIG, NAMING.prefix() + "judge");
    settings.put(StreamsConfig.STATE_DIR_CONFIG, "target/streams-dead-letters/" + UUID.randomUUID());
    settings.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    settings.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
    settings.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    settings.putAll(deadLetters.settings());
    application = new StreamsApplication(topology(), settings,
        new StreamsApplication.Lifecycle("judge", Duration.ofSeconds(10), true), METERS);
    application.start();
    Awaitility.await("the application running").atMost(Duration.ofSeconds(60)).until(application::isReady);
  }

  @AfterAll
  static void stop() {
    application.stop();
  }

  /** Answers pass unless their id says "bad"; statuses are repartitioned by request and fail the same way. */
  private static Topology topology() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(NAMING.name(Topics.PATIENT_RESPONSES),
            Consumed.with(Serdes.String(), SERDES.forValues(Topics.PATIENT_RESPONSES)))
        .mapValues(answer -> {
          if (answer.getResponseId().startsWith("bad")) {
            throw new IllegalStateException("answer " + answer.getResponseId() + " cannot be judged");
          }
          return answer.getResponseId();
        })
        .to(OUT, Produced.with(Serdes.String(), Serdes.String()));
    builder.stream(NAMING.name(Topics.CONTACT_STATUS), Consumed.with(Serdes.String(), SERDES.forValues(Topics.CONTACT_STATUS)))
        .selectKey((key, status) -> status.getRequestId())
        .repartition(Repartitioned.<String, ContactStatus>as("statuses-by-request").withKeySerde(Serdes.String())
            .withValueSerde(SERDES.forValues(Topics.CONTACT_STATUS)))
        .mapValues(status -> {
          if (status.getStatusId().startsWith("bad")) {
            throw new IllegalStateException("status " + status.getStatusId() + " names no request of ours");
          }
          return status.getStatusId();
        })
        .to(OUT, Produced.with(Serdes.String(), Serdes.String()));
    globalStore(builder, Topics.HIS_PATIENTS, "patients");
    globalStore(builder, Topics.APPOINTMENTS, "appointments");
    return builder.build();
  }

  private static <V extends SpecificRecord> void globalStore(StreamsBuilder builder, TopicSpec<V> topic, String store) {
    builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store), Serdes.String(),
            SERDES.forValues(topic)).withLoggingDisabled(), NAMING.name(topic),
        Consumed.with(Serdes.String(), SERDES.forValues(topic)), () -> new Processor<String, V, Void, Void>() {
          private org.apache.kafka.streams.state.KeyValueStore<String, V> values;

          @Override
          public void init(org.apache.kafka.streams.processor.api.ProcessorContext<Void, Void> context) {
            values = context.getStateStore(store);
          }

          @Override
          public void process(Record<String, V> record) {
            values.put(record.key(), record.value());
          }
        });
  }

  @Test
  void unreadable_bytes_are_parked_with_their_coordinates_and_the_reason_and_the_next_record_still_flows()
      throws Exception {
    String key = "garbage-" + UUID.randomUUID();
    sendRaw(Topics.PATIENT_RESPONSES, key, "not avro");
    send(Topics.PATIENT_RESPONSES, key, answer("ok-" + key));

    DeadLetter letter = letterFor(Topics.PATIENT_RESPONSES, key);

    assertThat(StandardCharsets.UTF_8.decode(letter.getPayload()).toString()).isEqualTo("not avro");
    assertThat(letter.getTopic()).isEqualTo(NAMING.name(Topics.PATIENT_RESPONSES));
    assertThat(letter.getPartition()).isNotNull();
    assertThat(letter.getOffset()).isNotNull();
    assertThat(letter.getReason()).contains("magic byte");
    assertThat(letter.getService()).isEqualTo("judge-service");
    assertThat(letter.getFailedAt()).isEqualTo(NOW);
    assertThat(judged(key)).isEqualTo("ok-" + key);
  }

  @Test
  void a_record_a_processor_throws_on_is_parked_with_its_original_bytes_and_the_exceptions_reason() throws Exception {
    String key = "bad-" + UUID.randomUUID();
    PatientResponse bad = answer("bad-" + key);
    send(Topics.PATIENT_RESPONSES, key, bad);
    send(Topics.PATIENT_RESPONSES, key, answer("ok-" + key));

    DeadLetter letter = letterFor(Topics.PATIENT_RESPONSES, key);

    assertThat(letter.getReason()).isEqualTo("answer bad-" + key + " cannot be judged");
    assertThat(letter.getErrorType()).isEqualTo(IllegalStateException.class.getName());
    assertThat(SERDES.forValues(Topics.PATIENT_RESPONSES).deserializer()
        .deserialize(NAMING.name(Topics.PATIENT_RESPONSES), bytes(letter))).isEqualTo(bad);
    assertThat(judged(key)).isEqualTo("ok-" + key);
  }

  @Test
  void a_record_of_a_repartition_topic_is_parked_on_the_dead_letter_topic_of_the_topic_that_fed_it()
      throws Exception {
    String request = "request-" + UUID.randomUUID();
    send(Topics.CONTACT_STATUS, "A-1", status("bad-" + request, request));

    DeadLetter letter = letterFor(Topics.CONTACT_STATUS, request);

    assertThat(letter.getTopic()).isEqualTo(NAMING.name(Topics.CONTACT_STATUS));
    assertThat(letter.getReason()).isEqualTo("status bad-" + request + " names no request of ours");
    assertThat(letter.getOffset()).as("the repartition topic's offset means nothing to an operator").isNull();
  }

  @Test
  void unreadable_bytes_of_a_global_store_are_parked_at_once_under_their_position_and_the_application_keeps_running()
      throws Exception {
    String key = "patient-" + UUID.randomUUID();
    sendRaw(Topics.HIS_PATIENTS, key, "not a patient");

    DeadLetter letter = letterFor(Topics.HIS_PATIENTS, key);

    assertThat(letter.getId()).isEqualTo("judge-service:" + NAMING.name(Topics.HIS_PATIENTS) + "-"
        + letter.getPartition() + "@" + letter.getOffset());
    String after = "after-" + UUID.randomUUID();
    send(Topics.PATIENT_RESPONSES, after, answer("ok-" + after));
    assertThat(judged(after)).isEqualTo("ok-" + after);
    assertThat(application.state()).isEqualTo(KafkaStreams.State.RUNNING);
  }

  @Test
  void unreadable_bytes_of_a_view_another_service_owns_are_skipped_without_a_letter() throws Exception {
    String key = "view-" + UUID.randomUUID();
    sendRaw(Topics.APPOINTMENTS, key, "not an appointment");
    String marker = "marker-" + UUID.randomUUID();
    sendRaw(Topics.APPOINTMENTS, marker, "not an appointment either");
    send(Topics.PATIENT_RESPONSES, marker, answer("ok-" + marker));
    assertThat(judged(marker)).isEqualTo("ok-" + marker);

    List<ConsumerRecord<String, byte[]>> letters = TopicProbe.on(NAMING.deadLetterName(Topics.APPOINTMENTS),
            new StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())
        .within(Duration.ofSeconds(3)).readAll();
    assertThat(letters).isEmpty();
  }

  @Test
  void every_letter_is_counted_by_service_and_catalogue_topic() throws Exception {
    String key = "counted-" + UUID.randomUUID();
    double before = count(Topics.PATIENT_RESPONSES);
    sendRaw(Topics.PATIENT_RESPONSES, key, "not avro");
    letterFor(Topics.PATIENT_RESPONSES, key);

    assertThat(count(Topics.PATIENT_RESPONSES)).isGreaterThan(before);
  }

  private static double count(TopicSpec<?> topic) {
    var counter = METERS.find("contactability.dead.letters").tag("service", "judge-service")
        .tag("topic", topic.name()).counter();
    return counter == null ? 0 : counter.count();
  }

  private static PatientResponse answer(String id) {
    return PatientResponse.newBuilder().setResponseId(id).setReceivedAt(NOW).setChannel(Channel.SMS)
        .setIntent(Intent.CONFIRM).setCorrelationMethod(CorrelationMethod.ONLY_PENDING).build();
  }

  private static ContactStatus status(String id, String request) {
    return ContactStatus.newBuilder().setStatusId(id).setRequestId(request)
        .setCorrelation(Correlation.newBuilder().build()).setHospitalCode("HCHM")
        .setPurpose(ContactPurpose.REMINDER).setChannel(Channel.SMS).setStatus(DeliveryStatus.DELIVERED)
        .setProvider("sandbox").setOccurredAt(NOW).build();
  }

  private static <V extends SpecificRecord> void send(TopicSpec<V> topic, String key, V value) throws Exception {
    try (KafkaProducer<String, byte[]> producer = SharedKafka.producer(new StringSerializer(), new ByteArraySerializer())) {
      String name = NAMING.name(topic);
      producer.send(new ProducerRecord<>(name, key, SERDES.forValues(topic).serializer().serialize(name, value))).get();
    }
  }

  private static void sendRaw(TopicSpec<?> topic, String key, String text) throws Exception {
    try (KafkaProducer<String, byte[]> producer = SharedKafka.producer(new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(NAMING.name(topic), key, text.getBytes(StandardCharsets.UTF_8))).get();
    }
  }

  private static DeadLetter letterFor(TopicSpec<?> topic, String key) {
    return TopicProbe.on(NAMING.deadLetterName(topic), new StringDeserializer(),
            SERDES.forValues(DeadLetter.class).deserializer())
        .within(Duration.ofSeconds(30))
        .readFirstMatching("a dead letter of " + topic.name() + " for " + key, r -> key.equals(r.key())).value();
  }

  private static String judged(String key) {
    return TopicProbe.on(OUT, new StringDeserializer(), new StringDeserializer()).within(Duration.ofSeconds(30))
        .readFirstMatching("the judged answer " + key, r -> key.equals(r.key())).value();
  }

  private static byte[] bytes(DeadLetter letter) {
    byte[] bytes = new byte[letter.getPayload().remaining()];
    letter.getPayload().duplicate().get(bytes);
    return bytes;
  }
}
