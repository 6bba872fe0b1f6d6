package org.contactability.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

  private static EmbeddedKafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.builder().start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void records_produced_to_a_created_topic_are_consumed_back() throws Exception {
    createTopic("plain", 3);
    try (KafkaProducer<String, String> producer = producer(Map.of())) {
      for (int i = 0; i < 10; i++) {
        producer.send(new ProducerRecord<>("plain", "key-" + i, "value-" + i)).get();
      }
    }

    List<ConsumerRecord<String, String>> records = readAll("plain", 3, "read_committed", 10);

    assertThat(records).extracting(ConsumerRecord::value)
        .containsExactlyInAnyOrder("value-0", "value-1", "value-2", "value-3", "value-4",
            "value-5", "value-6", "value-7", "value-8", "value-9");
    assertThat(records).extracting(ConsumerRecord::partition).contains(0, 1, 2);
  }

  @Test
  void committed_transactions_are_visible_and_aborted_ones_are_not() throws Exception {
    createTopic("transactional", 1);
    try (KafkaProducer<String, String> producer = producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-test"))) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("transactional", "k", "aborted"));
      // Written to the log, then aborted: only read_uncommitted consumers may see it.
      producer.flush();
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("transactional", "k", "committed"));
      producer.commitTransaction();
    }

    assertThat(readAll("transactional", 1, "read_committed", 1))
        .extracting(ConsumerRecord::value).containsExactly("committed");
    assertThat(readAll("transactional", 1, "read_uncommitted", 2))
        .extracting(ConsumerRecord::value).containsExactly("aborted", "committed");
  }

  @Test
  void topics_are_not_created_on_first_use() {
    try (KafkaProducer<String, String> producer = producer(Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1500"))) {
      assertThatThrownBy(() -> producer.send(new ProducerRecord<>("not-in-the-catalogue", "k", "v")).get())
          .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class)
          .hasRootCauseInstanceOf(UnknownTopicOrPartitionException.class);
    }
    try (Admin admin = admin()) {
      assertThatThrownBy(() -> admin.describeTopics(Set.of("not-in-the-catalogue")).allTopicNames().get())
          .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
    }
  }

  @Test
  void reports_its_startup_duration_and_a_healthy_state() {
    assertThat(broker.isRunning()).isTrue();
    assertThat(broker.fatalFaults()).isEmpty();
    assertThat(broker.startupDuration()).isPositive().isLessThan(Duration.ofSeconds(60));
    assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());
    assertThat(broker.port()).isPositive();
  }

  @Test
  void a_persistent_data_directory_keeps_cluster_and_records_across_restarts(@TempDir Path directory) throws Exception {
    Path data = directory.resolve("kafka");
    String firstClusterId;
    try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.builder().dataDirectory(data).start();
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, first.bootstrapServers()));
        KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, first.bootstrapServers()),
            new StringSerializer(), new StringSerializer())) {
      admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get();
      producer.send(new ProducerRecord<>("kept", "k", "before restart")).get();
      firstClusterId = first.clusterId();
    }
    assertThat(data.resolve("meta.properties")).exists();

    try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.builder().dataDirectory(data).start()) {
      assertThat(second.clusterId()).isEqualTo(firstClusterId);
      assertThat(readAll(second.bootstrapServers(), "kept", 1, "read_committed", 1))
          .extracting(ConsumerRecord::value).containsExactly("before restart");
    }
    assertThat(data).isDirectory();
  }

  @Test
  void a_fresh_data_directory_is_deleted_on_close() {
    EmbeddedKafkaBroker fresh = EmbeddedKafkaBroker.builder().start();
    Path data = fresh.dataDirectory();
    assertThat(data).startsWith(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
    assertThat(Files.exists(data.resolve("meta.properties"))).isTrue();

    fresh.close();
    fresh.close();

    assertThat(data).doesNotExist();
    assertThat(fresh.isRunning()).isFalse();
  }

  @Test
  void a_port_in_use_is_reported_clearly() {
    assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().port(broker.port()).start())
        .hasMessageContaining("Cannot listen on 127.0.0.1:" + broker.port());
  }

  @Test
  void settings_derived_from_the_options_cannot_be_overridden() {
    assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().brokerProperty("listeners", "PLAINTEXT://:9092"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("listeners");
  }

  @Test
  void a_sasl_broker_serves_clients_that_log_in_and_refuses_a_wrong_password() throws Exception {
    try (EmbeddedKafkaBroker secured = EmbeddedKafkaBroker.builder().saslPlain("contactability", "s3cret").start()) {
      Map<String, Object> login = new HashMap<>(secured.clientSecurity());
      login.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, secured.bootstrapServers());
      try (Admin admin = Admin.create(login)) {
        admin.createTopics(List.of(new NewTopic("secured", 1, (short) 1))).all().get();
      }
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(login, new StringSerializer(),
          new StringSerializer())) {
        producer.send(new ProducerRecord<>("secured", "k", "v")).get();
      }

      Map<String, Object> plain = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, secured.bootstrapServers(),
          AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
      Map<String, Object> wrong = new HashMap<>(login);
      wrong.put("sasl.jaas.config", secured.clientSecurity().get("sasl.jaas.config").replace("s3cret", "guess"));
      try (Admin admin = Admin.create(wrong)) {
        assertThatThrownBy(() -> admin.listTopics().names().get())
            .hasCauseInstanceOf(SaslAuthenticationException.class);
      }
      try (Admin admin = Admin.create(plain)) {
        assertThatThrownBy(() -> admin.listTopics().names().get()).as("a client that does not log in")
            .isInstanceOf(ExecutionException.class);
      }
    }
    assertThat(broker.clientSecurity()).as("the plain broker needs nothing").isEmpty();
  }

  private static void createTopic(String name, int partitions) throws ExecutionException, InterruptedException {
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
    }
  }

  private static Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }

  private static KafkaProducer<String, String> producer(Map<String, Object> extra) {
    Map<String, Object> config = new java.util.HashMap<>(extra);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }

  private static List<ConsumerRecord<String, String>> readAll(String topic, int partitions, String isolation, int expected) {
    return readAll(broker.bootstrapServers(), topic, partitions, isolation, expected);
  }

  private static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic, int partitions,
                                String isolation, int expected) {
    List<TopicPartition> assignment = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      assignment.add(new TopicPartition(topic, p));
    }
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation),
        new StringDeserializer(), new StringDeserializer())) {
      consumer.assign(assignment);
      consumer.seekToBeginning(assignment);
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      // One more poll shows that nothing beyond the expected records is there.
      consumer.poll(Duration.ofMillis(300)).forEach(records::add);
    }
    return records;
  }
}
