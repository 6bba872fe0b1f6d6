package org.contactability.testkit;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.InvalidMetadataException;
import org.apache.kafka.common.errors.LeaderNotAvailableException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Kafka broker of this test JVM, started on first use and shared by every test class;
 * stopped when the JUnit Platform session ends (see {@link SharedInfrastructure}).
 *
 * <p>Test classes keep apart on the shared broker by naming their topics with their own
 * {@link #topicPrefix(Class)} and their consumer groups likewise. Producers and consumers made
 * here belong to the caller, who closes them.
 */
public final class SharedKafka {

  private static final Logger log = LoggerFactory.getLogger(SharedKafka.class);

  private static final SharedInstance<KafkaBackend> BROKER = new SharedInstance<>("Kafka broker", SharedKafka::startBroker);
  private static final SharedInstance<Admin> ADMIN = new SharedInstance<>("Kafka admin client",
      () -> Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers())));

  private SharedKafka() {
  }

  /** {@code host:port} of the shared broker; starts it if this is the first use in the JVM. */
  public static String bootstrapServers() {
    return BROKER.get().bootstrapServers();
  }

  /** How long the shared broker took to start. */
  public static Duration startupDuration() {
    return BROKER.get().startupDuration();
  }

  /** Client settings that reach the shared broker: a base for Kafka Streams, Debezium offset storage and the like. */
  public static Map<String, Object> clientProperties() {
    Map<String, Object> properties = new HashMap<>();
    properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return properties;
  }

  /**
   * A topic name prefix for one test class, unique in this JVM and across runs on the same broker:
   * the class's simple name in lower case, a random suffix and a dot, e.g. {@code reminderflowtest-3f9a1c2e.}.
   * Call it once per class (keep it in a static field) and give it to the topic catalogue.
   */
  public static String topicPrefix(Class<?> testClass) {
    String name = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    if (name.length() > 40) {
      name = name.substring(0, 40);
    }
    byte[] suffix = new byte[4];
    ThreadLocalRandom.current().nextBytes(suffix);
    return name + "-" + HexFormat.of().formatHex(suffix) + ".";
  }

  /** Creates a topic with one replica and waits until the broker has it. */
  public static void createTopic(String name, int partitions) {
    createTopics(List.of(new NewTopic(name, partitions, (short) 1)));
  }

  /** Creates a topic with topic-level settings, e.g. {@code cleanup.policy=compact}. */
  public static void createTopic(String name, int partitions, Map<String, String> configs) {
    createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)));
  }

  /** Creates topics and waits until the broker has them all. */
  public static void createTopics(Collection<NewTopic> topics) {
    try {
      admin().createTopics(topics).all().get();
      awaitLeaders(topics.stream().map(NewTopic::name).toList());
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not create the topics " + topics.stream().map(NewTopic::name).toList()
          + ": " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics", e);
    }
  }

  /** An admin client for the shared broker, shared too: do not close it. */
  public static Admin admin() {
    return ADMIN.get();
  }

  /**
   * A producer with {@code acks=all} and idempotence. It waits at most 10 s for a missing topic's
   * metadata, so that a test that forgot to create a topic fails soon.
   */
  public static <K, V> KafkaProducer<K, V> producer(Serializer<K> keySerializer, Serializer<V> valueSerializer) {
    return producer(keySerializer, valueSerializer, Map.of());
  }

  /** A producer as {@link #producer(Serializer, Serializer)}, with any other settings on top. */
  public static <K, V> KafkaProducer<K, V> producer(Serializer<K> keySerializer, Serializer<V> valueSerializer,
      Map<String, Object> overrides) {
    Map<String, Object> properties = clientProperties();
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    properties.putAll(overrides);
    return new KafkaProducer<>(properties, keySerializer, valueSerializer);
  }

  /** A transactional producer, already {@linkplain KafkaProducer#initTransactions() initialised}. */
  public static <K, V> KafkaProducer<K, V> transactionalProducer(String transactionalId, Serializer<K> keySerializer,
      Serializer<V> valueSerializer) {
    KafkaProducer<K, V> producer = producer(keySerializer, valueSerializer,
        Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId));
    producer.initTransactions();
    return producer;
  }

  /**
   * A consumer in the given group that starts from the earliest offset and reads committed
   * records only, as the services' exactly-once consumers do. For "did this arrive?" checks
   * prefer {@link TopicProbe}, which needs no group.
   */
  public static <K, V> KafkaConsumer<K, V> consumer(String groupId, Deserializer<K> keyDeserializer,
      Deserializer<V> valueDeserializer) {
    Map<String, Object> properties = clientProperties();
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new KafkaConsumer<>(properties, keyDeserializer, valueDeserializer);
  }

  static boolean isStarted() {
    return BROKER.isStarted();
  }

  static void stopAdmin() {
    ADMIN.stop();
  }

  static void stop() {
    ADMIN.stop();
    BROKER.stop();
  }

  private static KafkaBackend startBroker() {
    Backend backend = Backend.selected();
    KafkaBackend broker = KafkaBackend.start(backend);
    log.info("Shared Kafka broker for this test JVM ({}) started in {} ms at {}",
        backend.name().toLowerCase(Locale.ROOT), broker.startupDuration().toMillis(), broker.bootstrapServers());
    return broker;
  }

  /**
   * Creation returns before every partition's leader can take writes: the metadata may not list the
   * topic yet, then names a leader whose replica manager has not yet become it. A producer that
   * writes in that window gets leader errors and, being idempotent, can be left retrying an
   * out-of-order sequence until its batches expire (seen in CI). Tests write right after creating,
   * so wait until the leader of every partition answers a request only a ready leader serves: the
   * partition's end offset.
   */
  private static void awaitLeaders(List<String> names) throws InterruptedException, ExecutionException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      if (leadersReady(names)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Topics " + names + " still have partitions without a ready leader after 30 s");
      }
      Thread.sleep(50);
    }
  }

  private static boolean leadersReady(List<String> names) throws InterruptedException, ExecutionException {
    try {
      Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
      for (TopicDescription description : admin().describeTopics(names).allTopicNames().get().values()) {
        for (TopicPartitionInfo partition : description.partitions()) {
          if (partition.leader() == null) {
            return false;
          }
          partitions.put(new TopicPartition(description.name(), partition.partition()), OffsetSpec.latest());
        }
      }
      admin().listOffsets(partitions).all().get();
      return true;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof InvalidMetadataException || e.getCause() instanceof LeaderNotAvailableException) {
        return false; // not there yet: UnknownTopicOrPartition, NotLeaderOrFollower, LeaderNotAvailable
      }
      throw e;
    }
  }
}
