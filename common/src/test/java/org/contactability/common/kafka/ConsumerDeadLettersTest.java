package org.contactability.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
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

/** The one dead-letter path of the plain consumers (the notifier's, his-connector's), on the real broker. */
class ConsumerDeadLettersTest {

  private static final Instant NOW = Instant.parse("2026-05-04T12:00:00Z");
  private static final TopicNaming NAMING = new TopicNaming(SharedKafka.topicPrefix(ConsumerDeadLettersTest.class));
  private static final AvroSerdes SERDES = new AvroSerdes(Map.of("schema.registry.url", "mem://consumer-letters-"
      + UUID.randomUUID()));
  private static final SimpleMeterRegistry METERS = new SimpleMeterRegistry();
  private static final DeadLetters LETTERS = new DeadLetters("writeback", Clock.fixed(NOW, ZoneOffset.UTC), NAMING,
      METERS);
  private static KafkaProducer<String, byte[]> producer;
  private static ConsumerDeadLetters deadLetters;

  @BeforeAll
  static void topics() {
    SharedKafka.createTopics(List.of(TopicProvisioner.newTopic(Topics.HIS_COMMANDS.deadLetter().orElseThrow(), NAMING,
        (short) 1), TopicProvisioner.newTopic(Topics.CONTACT_SUPPRESSIONS.deadLetter().orElseThrow(), NAMING,
        (short) 1)));
    producer = SharedKafka.producer(new StringSerializer(), new ByteArraySerializer());
    deadLetters = new ConsumerDeadLetters(LETTERS, SERDES.forValues(DeadLetter.class).serializer(), producer,
        Duration.ofSeconds(10));
  }

  @AfterAll
  static void close() {
    producer.close();
  }

  @Test
  void a_record_that_cannot_be_used_is_on_the_dead_letter_topic_with_coordinates_bytes_headers_and_reason_when_park_returns() {
    String key = "book:" + UUID.randomUUID();
    RecordHeaders headers = new RecordHeaders();
    headers.add("trace", "abc".getBytes(StandardCharsets.UTF_8));
    ConsumerRecord<String, byte[]> record = record(Topics.HIS_COMMANDS, 4, 17L, key, "not a command", headers);

    deadLetters.park(Topics.HIS_COMMANDS, record, new IllegalStateException("HIS database unavailable after 3 attempts",
        new java.sql.SQLTransientConnectionException("connection refused")), 3);

    DeadLetter letter = letterFor(Topics.HIS_COMMANDS, key);
    assertThat(letter.getTopic()).isEqualTo(NAMING.name(Topics.HIS_COMMANDS));
    assertThat(letter.getPartition()).isEqualTo(4);
    assertThat(letter.getOffset()).isEqualTo(17L);
    assertThat(StandardCharsets.UTF_8.decode(letter.getPayload()).toString()).isEqualTo("not a command");
    assertThat(letter.getReason()).isEqualTo("HIS database unavailable after 3 attempts <- connection refused");
    assertThat(letter.getErrorType()).isEqualTo("java.sql.SQLTransientConnectionException");
    assertThat(letter.getAttempts()).isEqualTo(3);
    assertThat(letter.getHeaders()).containsEntry("trace", "abc");
    assertThat(letter.getService()).isEqualTo("writeback");
    assertThat(letter.getFailedAt()).isEqualTo(NOW);
    assertThat(METERS.find("contactability.dead.letters").tag("service", "writeback")
        .tag("topic", Topics.HIS_COMMANDS.name()).counter().count()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void a_record_given_up_carries_the_reason_and_error_type_its_consumer_states() {
    String key = "given-up:" + UUID.randomUUID();

    deadLetters.park(Topics.HIS_COMMANDS, record(Topics.HIS_COMMANDS, 0, 3L, key, "bytes", new RecordHeaders()),
        "gave up after 5 attempts on SMS", "ChannelNotConfigured", 5);

    DeadLetter letter = letterFor(Topics.HIS_COMMANDS, key);
    assertThat(letter.getReason()).isEqualTo("gave up after 5 attempts on SMS");
    assertThat(letter.getErrorType()).isEqualTo("ChannelNotConfigured");
    assertThat(letter.getAttempts()).isEqualTo(5);
  }

  @Test
  void a_followed_topics_record_parked_again_after_a_restart_is_the_same_letter() {
    String key = "+5698765" + (int) (Math.random() * 10_000);
    ConsumerRecord<String, byte[]> record = record(Topics.CONTACT_SUPPRESSIONS, 1, 42L, key, "not an opt-out",
        new RecordHeaders());

    deadLetters.parkFollowed(Topics.CONTACT_SUPPRESSIONS, record, new IllegalArgumentException("Unknown magic byte"));
    deadLetters.parkFollowed(Topics.CONTACT_SUPPRESSIONS, record, new IllegalArgumentException("Unknown magic byte"));

    List<DeadLetter> letters = TopicProbe.on(NAMING.deadLetterName(Topics.CONTACT_SUPPRESSIONS),
            new StringDeserializer(), SERDES.forValues(DeadLetter.class).deserializer())
        .within(Duration.ofSeconds(30))
        .readUntil("both letters", records -> records.stream().filter(r -> key.equals(r.key())).count() == 2).stream()
        .filter(r -> key.equals(r.key())).map(ConsumerRecord::value).toList();
    assertThat(letters).extracting(DeadLetter::getId).containsOnly("writeback:" + NAMING.name(Topics.CONTACT_SUPPRESSIONS)
        + "-1@42");
  }

  @Test
  void a_letter_the_broker_does_not_take_in_time_fails_the_park_so_the_record_is_read_again() {
    Map<String, Object> settings = SharedKafka.clientProperties();
    settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 500);
    try (KafkaProducer<String, byte[]> blocked = new KafkaProducer<>(settings, new StringSerializer(),
        new ByteArraySerializer())) {
      ConsumerDeadLetters toNowhere = new ConsumerDeadLetters(new DeadLetters("writeback", Clock.fixed(NOW, ZoneOffset.UTC),
          new TopicNaming("no-such-prefix-" + UUID.randomUUID()), METERS), SERDES.forValues(DeadLetter.class).serializer(),
          blocked, Duration.ofSeconds(2));

      assertThatThrownBy(() -> toNowhere.park(Topics.HIS_COMMANDS,
          record(Topics.HIS_COMMANDS, 0, 1L, "k", "v", new RecordHeaders()), new IllegalStateException("x"), 1))
          .isInstanceOf(KafkaException.class).hasMessageContaining("could not write to no-such-prefix-");
    }
  }

  private static ConsumerRecord<String, byte[]> record(TopicSpec<?> topic, int partition, long offset, String key,
      String value, RecordHeaders headers) {
    return new ConsumerRecord<>(NAMING.name(topic), partition, offset, 0L, TimestampType.CREATE_TIME, 0, 0, key,
        value.getBytes(StandardCharsets.UTF_8), headers, Optional.empty());
  }

  private static DeadLetter letterFor(TopicSpec<?> topic, String key) {
    return TopicProbe.on(NAMING.deadLetterName(topic), new StringDeserializer(),
            SERDES.forValues(DeadLetter.class).deserializer())
        .within(Duration.ofSeconds(30))
        .readFirstMatching("a dead letter for " + key, r -> key.equals(r.key())).value();
  }
}
