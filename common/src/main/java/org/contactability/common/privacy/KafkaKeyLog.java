package org.contactability.common.privacy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.contactability.contracts.privacy.DataKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link KeyLog} on the topic {@code privacy.keys}: an idempotent producer ({@code acks=all}) writes, and a consumer of
 * its own (no group: every instance reads everything) follows the one partition from the beginning on a thread, handing
 * each record to the ring. {@link #start} returns once the log has been read to its end, so a service opens no value
 * before it knows every key written before it started.
 */
public final class KafkaKeyLog implements KeyLog, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KafkaKeyLog.class);

  private final TopicPartition partition;
  private final KafkaProducer<String, DataKey> producer;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Deserializer<DataKey> values;
  private final Object progress = new Object();
  private volatile long readUpTo;
  private volatile boolean running = true;
  private Thread reader;

  public KafkaKeyLog(String topic, Map<String, Object> producerSettings, Map<String, Object> consumerSettings,
      Serializer<DataKey> serializer, Deserializer<DataKey> deserializer) {
    this.partition = new TopicPartition(topic, 0);
    Map<String, Object> producer = new java.util.HashMap<>(producerSettings);
    producer.put("acks", "all");
    producer.put("enable.idempotence", true);
    producer.putIfAbsent("linger.ms", 5);
    this.producer = new KafkaProducer<>(producer, new StringSerializer(), serializer);
    Map<String, Object> consumer = new java.util.HashMap<>(consumerSettings);
    consumer.remove("group.id");
    consumer.put("enable.auto.commit", false);
    consumer.put("isolation.level", "read_committed");
    this.consumer = new KafkaConsumer<>(consumer, new StringDeserializer(),
        new org.apache.kafka.common.serialization.ByteArrayDeserializer());
    this.values = deserializer;
  }

  /** Reads the whole log into {@code sink}, then keeps following it; fails when it cannot catch up in {@code within}. */
  public void start(Consumer<DataKey> sink, Duration within) {
    consumer.assign(List.of(partition));
    consumer.seekToBeginning(List.of(partition));
    long end = consumer.endOffsets(List.of(partition), within).get(partition);
    reader = new Thread(() -> follow(sink), "privacy-keys-reader");
    reader.setDaemon(true);
    reader.start();
    try {
      if (!awaitRead(end - 1, within.toMillis())) {
        throw new IllegalStateException("privacy.keys was not read to its end (offset " + end + ") within " + within);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading privacy.keys", e);
    }
  }

  @Override
  public CompletableFuture<Long> append(DataKey key) {
    CompletableFuture<Long> written = new CompletableFuture<>();
    producer.send(new ProducerRecord<>(partition.topic(), partition.partition(), key.getKeyId().toString(), key),
        (metadata, failure) -> {
          if (failure != null) {
            written.completeExceptionally(failure);
          } else {
            written.complete(metadata.offset());
          }
        });
    return written;
  }

  @Override
  public void flush() {
    producer.flush();
  }

  @Override
  public boolean awaitRead(long position, long millis) throws InterruptedException {
    // elapsed time, not the platform's clock (which tests and the embedded platform move)
    long deadline = System.nanoTime() + millis * 1_000_000;
    synchronized (progress) {
      while (readUpTo <= position) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return false;
        }
        progress.wait(left);
      }
      return true;
    }
  }

  private void follow(Consumer<DataKey> sink) {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          take(record, sink);
        }
        synchronized (progress) {
          readUpTo = consumer.position(partition);
          progress.notifyAll();
        }
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } catch (KafkaException e) {
      log.error("Stopped reading privacy.keys: {}; values under keys made from now on cannot be opened here", e.toString());
    }
  }

  private void take(ConsumerRecord<String, byte[]> record, Consumer<DataKey> sink) {
    if (record.value() == null) {
      return;
    }
    try {
      sink.accept(values.deserialize(record.topic(), record.value()));
    } catch (RuntimeException e) {
      // written by something else than the platform: skipped, never a reason to stop reading keys
      log.warn("Skipped an unreadable record at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
          e.toString());
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    if (reader != null) {
      try {
        reader.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    consumer.close();
    producer.close(Duration.ofSeconds(5));
  }
}
