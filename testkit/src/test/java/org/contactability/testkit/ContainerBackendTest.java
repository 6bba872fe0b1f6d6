package org.contactability.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The container backend does what the embedded one does. Reported as skipped where no Docker
 * engine runs (as on CI); runs its own containers, so it works whichever backend the JVM selected.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerBackendTest {

  @Test
  void the_kafka_container_takes_transactions_and_creates_no_topic_on_first_use() throws Exception {
    try (ContainerKafka kafka = ContainerKafka.start();
        Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
        KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ProducerConfig.TRANSACTIONAL_ID_CONFIG, "container-tx"),
            new StringSerializer(), new StringSerializer())) {
      admin.createTopics(List.of(new NewTopic("citas", 1, (short) 1))).all().get();
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("citas", "cita-1", "AGENDADA"));
      producer.commitTransaction();

      assertThat(readCommitted(kafka.bootstrapServers(), "citas")).containsExactly("AGENDADA");
      assertThat(admin.listTopics().names().get()).doesNotContain("never-created");
    }
  }

  @Test
  void the_postgres_container_decodes_changes_with_pgoutput() throws Exception {
    try (ContainerPostgres postgres = ContainerPostgres.start()) {
      List<byte[]> messages = LogicalDecoding.decodeOneInsert(postgres.createDatabase("container_decoding"));

      assertThat(messages).extracting(message -> (char) message[0]).containsExactly('B', 'R', 'I', 'C');
    }
  }

  private static List<String> readCommitted(String bootstrapServers, String topic) {
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (values.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
      }
    }
    return values;
  }
}
