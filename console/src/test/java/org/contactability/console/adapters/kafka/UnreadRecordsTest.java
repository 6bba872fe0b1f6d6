package org.contactability.console.adapters.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.contactability.testkit.SharedKafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Counting unread records on the real broker, written by a transactional producer as the services write. */
class UnreadRecordsTest {

  static final String TOPIC = SharedKafka.topicPrefix(UnreadRecordsTest.class) + "transactional";
  static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
  /** Records at 0, 2, 4, 6, 8 (commit markers after each), an aborted record at 10, its abort marker at 11. */
  static final long STABLE_END = 12;

  @BeforeAll
  static void fiveCommittedTransactionsAndAnAbortedOne() {
    SharedKafka.createTopic(TOPIC, 1);
    try (KafkaProducer<String, String> producer = SharedKafka.transactionalProducer("unread-records-test",
        new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < 5; i++) {
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(TOPIC, 0, "k" + i, "v" + i));
        producer.commitTransaction();
      }
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(TOPIC, 0, "aborted", "v"));
      producer.flush();
      producer.abortTransaction();
    }
  }

  @Test
  void an_offset_past_the_last_record_counts_nothing_and_the_others_count_records_not_markers() {
    try (UnreadRecords unread = new UnreadRecords(reader(), 10_000, 50)) {
      Map<Long, Long> counts = unread.count(Map.of(PARTITION, Set.of(0L, 3L, 9L, STABLE_END)),
          Map.of(PARTITION, STABLE_END)).get(PARTITION);

      assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of(0L, 5L, 3L, 3L, 9L, 0L, STABLE_END, 0L));
    }
  }

  @Test
  void past_its_budget_a_segment_is_estimated_by_offsets_while_a_caught_up_group_is_still_counted_exactly() {
    try (UnreadRecords unread = new UnreadRecords(reader(), 1, 50)) {
      Map<Long, Long> counts = unread.count(Map.of(PARTITION, Set.of(0L, 3L, 9L)), Map.of(PARTITION, STABLE_END))
          .get(PARTITION);

      // From 9: read to the end, nothing (a marker, an aborted record, a marker).
      // From 3 to 9: one record read (4), stopped at 5, offsets 5 to 9 estimated: 1 + 4.
      // From 0 to 3: one record read (0), stopped at 1, offsets 1 to 3 estimated: 1 + 2, plus the 5 above.
      assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of(9L, 0L, 3L, 5L, 0L, 8L));
    }
  }

  static KafkaConsumer<byte[], byte[]> reader() {
    Map<String, Object> settings = SharedKafka.clientProperties();
    settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
