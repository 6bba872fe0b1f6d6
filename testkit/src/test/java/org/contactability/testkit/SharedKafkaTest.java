package org.contactability.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class SharedKafkaTest {

  private static final String PREFIX = SharedKafka.topicPrefix(SharedKafkaTest.class);

  @Test
  void a_topic_prefix_names_the_class_and_differs_on_every_call() {
    assertThat(PREFIX).matches("sharedkafkatest-[0-9a-f]{8}\\.");
    assertThat(SharedKafka.topicPrefix(SharedKafkaTest.class)).isNotEqualTo(PREFIX);
  }

  @Test
  void records_sent_with_the_helpers_are_read_back_by_the_probe() throws Exception {
    String topic = PREFIX + "plain";
    SharedKafka.createTopic(topic, 3);

    try (KafkaProducer<String, String> producer = SharedKafka.producer(new StringSerializer(), new StringSerializer())) {
      for (int i = 1; i <= 5; i++) {
        producer.send(new ProducerRecord<>(topic, "cita-" + i, "recordatorio " + i)).get();
      }
    }

    List<ConsumerRecord<String, String>> records =
        TopicProbe.on(topic, new StringDeserializer(), new StringDeserializer()).readAtLeast(5);
    assertThat(records).extracting(ConsumerRecord::key)
        .containsExactlyInAnyOrder("cita-1", "cita-2", "cita-3", "cita-4", "cita-5");
  }

  @Test
  void a_transactional_producer_works_on_the_one_node_broker() throws Exception {
    String topic = PREFIX + "transactions";
    SharedKafka.createTopic(topic, 1);

    try (KafkaProducer<String, String> producer = SharedKafka.transactionalProducer(
        PREFIX + "tx", new StringSerializer(), new StringSerializer())) {
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "cita-1", "aborted"));
      producer.flush();
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "cita-1", "committed"));
      producer.commitTransaction();
    }

    TopicProbe<String, String> probe = TopicProbe.on(topic, new StringDeserializer(), new StringDeserializer());
    ConsumerRecord<String, String> committed = probe.readFirstMatching("the committed record",
        record -> record.value().equals("committed"));
    assertThat(committed.key()).isEqualTo("cita-1");
    assertThat(probe.within(Duration.ofSeconds(1)).readAll())
        .extracting(ConsumerRecord::value).containsExactly("committed");
    assertThat(probe.includingUncommitted().readAtLeast(2))
        .extracting(ConsumerRecord::value).containsExactly("aborted", "committed");
  }

  @Test
  void a_group_consumer_reads_from_the_earliest_offset() throws Exception {
    String topic = PREFIX + "grouped";
    SharedKafka.createTopic(topic, 1);
    try (KafkaProducer<String, String> producer = SharedKafka.producer(new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, "k", "first")).get();
    }

    try (KafkaConsumer<String, String> consumer =
            SharedKafka.consumer(PREFIX + "group", new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(Set.of(topic));
      ConsumerRecords<String, String> records = ConsumerRecords.empty();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (records.isEmpty() && System.nanoTime() < deadline) {
        records = consumer.poll(Duration.ofMillis(200));
      }
      assertThat(records).extracting(ConsumerRecord::value).containsExactly("first");
    }
  }

  @Test
  void topics_get_the_requested_settings() throws Exception {
    String topic = PREFIX + "compacted";
    SharedKafka.createTopic(topic, 2, Map.of("cleanup.policy", "compact"));

    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config config = SharedKafka.admin().describeConfigs(Set.of(resource)).all().get().get(resource);
    assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
    assertThat(SharedKafka.admin().describeTopics(Set.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(2);
  }

  @Test
  void the_probe_says_what_it_expected_and_lists_what_it_saw() throws Exception {
    String topic = PREFIX + "unexpected";
    SharedKafka.createTopic(topic, 1);
    try (KafkaProducer<String, String> producer = SharedKafka.producer(new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, "cita-9", "CANCELADA")).get();
    }

    assertThatThrownBy(() -> TopicProbe.on(topic, new StringDeserializer(), new StringDeserializer())
        .within(Duration.ofSeconds(2))
        .readFirstMatching("a confirmation of cita 9", record -> record.value().equals("CONFIRMADA")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Topic '" + topic + "' did not show a confirmation of cita 9 within 2000 ms")
        .hasMessageContaining("Saw 1 record(s):")
        .hasMessageContaining("partition 0 offset 0 key=cita-9 value=CANCELADA");
  }

  @Test
  void the_probe_reports_a_topic_that_was_never_created() {
    assertThatThrownBy(() -> TopicProbe.on(PREFIX + "missing", new StringDeserializer(), new StringDeserializer())
        .within(Duration.ofSeconds(1))
        .readAtLeast(1))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Topic '" + PREFIX + "missing' does not exist");
  }

  @Test
  void creating_an_existing_topic_fails_with_its_name() {
    String topic = PREFIX + "twice";
    SharedKafka.createTopic(topic, 1);

    assertThatThrownBy(() -> SharedKafka.createTopic(topic, 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(topic);
  }

  @Test
  void reports_how_long_the_broker_took_to_start() {
    assertThat(SharedKafka.startupDuration()).isPositive();
    assertThat(SharedKafka.clientProperties()).containsEntry("bootstrap.servers", SharedKafka.bootstrapServers());
  }
}
