package org.contactability.console.adapters.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.contactability.console.application.ReadModel;
import org.contactability.console.domain.Observation;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.TopicSpec;
import org.contactability.schemas.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Feeds the read model: one consumer, without a consumer group (it commits nothing and disturbs no
 * service), assigned every partition of every catalogue topic and dead-letter topic and reading
 * each from its beginning, committed records only. Topics that do not exist yet, and partitions
 * added later, are picked up at the next metadata refresh. A record that cannot be decoded is
 * counted and skipped (the services that own the topic dead-letter it); the console never writes a
 * dead letter itself.
 */
public final class ReadModelFeed implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ReadModelFeed.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration RETRY = Duration.ofSeconds(1);

  private final Map<String, Object> consumerProperties;
  private final Map<String, TopicSpec<?>> topics = new LinkedHashMap<>();
  private final Map<String, Deserializer<?>> deserializers = new HashMap<>();
  private final ReadModel model;
  private final ObservationTranslator translator;
  private final Duration metadataRefresh;
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong undecodable = new AtomicLong();
  private volatile Instant lastPoll;
  private volatile boolean running;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private Thread thread;

  /**
   * @param consumerProperties client settings (bootstrap servers, security); group and offset settings are set here
   * @param metadataRefresh    how often to look for topics and partitions that appeared
   */
  public ReadModelFeed(Map<String, Object> consumerProperties, TopicNaming naming, AvroSerdes serdes, ReadModel model,
      ObservationTranslator translator, Duration metadataRefresh) {
    this.consumerProperties = new HashMap<>(consumerProperties);
    this.consumerProperties.remove(ConsumerConfig.GROUP_ID_CONFIG);
    this.consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.consumerProperties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    this.consumerProperties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    this.consumerProperties.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
    this.model = model;
    this.translator = translator;
    this.metadataRefresh = metadataRefresh;
    for (TopicSpec<?> topic : Topics.allWithDeadLetters()) {
      String name = naming.name(topic);
      topics.put(name, topic);
      deserializers.put(name, serdes.forValues(topic).deserializer());
    }
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    thread = new Thread(this::run, "console-read-model");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public synchronized void stop() {
    running = false;
    KafkaConsumer<String, byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    if (thread != null) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      thread = null;
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Whether the feed thread is alive. */
  public boolean alive() {
    Thread current = thread;
    return current != null && current.isAlive();
  }

  public Instant lastPoll() {
    return lastPoll;
  }

  public long records() {
    return records.get();
  }

  public long undecodable() {
    return undecodable.get();
  }

  private void run() {
    while (running) {
      try (KafkaConsumer<String, byte[]> client = new KafkaConsumer<>(consumerProperties, new StringDeserializer(),
          new ByteArrayDeserializer())) {
        consumer = client;
        follow(client);
      } catch (WakeupException e) {
        // stop() woke the consumer up.
      } catch (RuntimeException e) {
        if (running) {
          log.warn("The console's read model lost its consumer ({}); starting over in {}", e.toString(), RETRY);
          pause(RETRY);
        }
      } finally {
        consumer = null;
      }
    }
  }

  private void follow(KafkaConsumer<String, byte[]> client) {
    Set<TopicPartition> assigned = new HashSet<>();
    Map<TopicPartition, Long> catchUpTargets = new HashMap<>();
    long nextRefresh = 0;
    boolean checkedOnce = false;
    while (running) {
      if (System.nanoTime() >= nextRefresh) {
        Set<TopicPartition> found = partitions(client);
        Set<TopicPartition> added = new HashSet<>(found);
        added.removeAll(assigned);
        if (!added.isEmpty()) {
          assigned.addAll(added);
          client.assign(assigned);
          client.seekToBeginning(added);
          if (!model.caughtUp()) {
            catchUpTargets.putAll(client.endOffsets(added));
          }
        }
        nextRefresh = System.nanoTime() + metadataRefresh.toNanos();
        checkedOnce = true;
      }
      if (assigned.isEmpty()) {
        pause(RETRY);
        continue;
      }
      ConsumerRecords<String, byte[]> batch = client.poll(POLL);
      lastPoll = model.now();
      apply(batch);
      if (checkedOnce && !model.caughtUp()) {
        catchUpTargets.entrySet().removeIf(target -> client.position(target.getKey()) >= target.getValue());
        if (catchUpTargets.isEmpty()) {
          model.markCaughtUp();
          log.info("The console's read model caught up: {} records read, {} kept", records.get(), model.kept());
        }
      }
    }
  }

  private Set<TopicPartition> partitions(KafkaConsumer<String, byte[]> client) {
    Map<String, List<PartitionInfo>> existing = client.listTopics(Duration.ofSeconds(10));
    Set<TopicPartition> found = new HashSet<>();
    for (String topic : topics.keySet()) {
      for (PartitionInfo info : existing.getOrDefault(topic, List.of())) {
        found.add(new TopicPartition(topic, info.partition()));
      }
    }
    return found;
  }

  private void apply(ConsumerRecords<String, byte[]> batch) {
    if (batch.isEmpty()) {
      return;
    }
    List<Observation> observations = new ArrayList<>(batch.count());
    for (ConsumerRecord<String, byte[]> record : batch) {
      records.incrementAndGet();
      TopicSpec<?> topic = topics.get(record.topic());
      Object value;
      try {
        value = deserializers.get(record.topic()).deserialize(record.topic(), record.headers(), record.value());
      } catch (RuntimeException e) {
        undecodable.incrementAndGet();
        log.warn("Skipped an unreadable record at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
            e.getMessage());
        continue;
      }
      try {
        observations.add(translator.translate(topic, new ConsumerRecord<>(record.topic(), record.partition(),
            record.offset(), record.timestamp(), record.timestampType(), record.serializedKeySize(),
            record.serializedValueSize(), record.key(), value, record.headers(), record.leaderEpoch())));
      } catch (RuntimeException e) {
        undecodable.incrementAndGet();
        log.warn("Skipped a record the console could not understand at {}-{}@{}: {}", record.topic(),
            record.partition(), record.offset(), e.toString());
      }
    }
    model.apply(observations);
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
