package org.contactability.notifier.adapters.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of one topic from the beginning and keeps following it, handing each
 * record to {@code apply}: how the notifier rebuilds its delivery ledger (contact.status) and its
 * suppression list (contact.suppressions) after a restart. A record that cannot be read is skipped,
 * logged with its coordinates and handed to {@code unreadable}. {@link #awaitCaughtUp} waits until
 * everything written before the call has been applied.
 */
public final class TopicFollower<V> implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration PROBE_EVERY = Duration.ofSeconds(10);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration AFTER_FAILURE = Duration.ofSeconds(1);

  private final String topic;
  private final Supplier<Consumer<String, byte[]>> consumers;
  private final Deserializer<V> deserializer;
  private final BiConsumer<String, V> apply;
  private final BiConsumer<ConsumerRecord<String, byte[]>, RuntimeException> unreadable;
  private final Runnable housekeeping;
  private final Duration housekeepingEvery;
  private final Queue<CompletableFuture<Void>> waiters = new ConcurrentLinkedQueue<>();
  private volatile boolean running = true;
  private volatile boolean alive;
  private volatile long applied;
  private volatile long skipped;
  private volatile Consumer<String, byte[]> consumer;
  private volatile long lastBrokerContactNanos = System.nanoTime();

  /**
   * @param apply      receives each record's key and value (null for a tombstone)
   * @param unreadable receives each record that cannot be read, with the reason (it is read again at every start)
   */
  public TopicFollower(String topic, Supplier<Consumer<String, byte[]>> consumers, Deserializer<V> deserializer,
      BiConsumer<String, V> apply, BiConsumer<ConsumerRecord<String, byte[]>, RuntimeException> unreadable,
      Runnable housekeeping, Duration housekeepingEvery) {
    this.topic = topic;
    this.consumers = consumers;
    this.deserializer = deserializer;
    this.apply = apply;
    this.unreadable = unreadable;
    this.housekeeping = housekeeping;
    this.housekeepingEvery = housekeepingEvery;
  }

  @Override
  public void run() {
    alive = true;
    List<Watch> watches = new ArrayList<>();
    try (Consumer<String, byte[]> c = consumers.get()) {
      consumer = c;
      List<TopicPartition> partitions = partitionsOf(c);
      c.assign(partitions);
      c.seekToBeginning(partitions);
      long nextHousekeeping = System.nanoTime() + housekeepingEvery.toNanos();
      long nextProbe = System.nanoTime();
      while (running) {
        try {
          if (System.nanoTime() - nextProbe >= 0) {
            // Polling an unreachable broker just returns nothing: ask it something to know it is there.
            c.endOffsets(partitions, PROBE_TIMEOUT);
            lastBrokerContactNanos = System.nanoTime();
            nextProbe = lastBrokerContactNanos + PROBE_EVERY.toNanos();
          }
          for (CompletableFuture<Void> waiter; (waiter = waiters.poll()) != null; ) {
            watches.add(new Watch(c.endOffsets(partitions), waiter));
          }
          for (ConsumerRecord<String, byte[]> record : c.poll(POLL)) {
            take(record);
          }
          watches.removeIf(watch -> watch.reached(c));
          if (System.nanoTime() - nextHousekeeping >= 0) {
            housekeeping.run();
            nextHousekeeping = System.nanoTime() + housekeepingEvery.toNanos();
          }
        } catch (WakeupException e) {
          throw e;
        } catch (KafkaException e) {
          log.warn("following {}: {}; trying again", topic, e.toString());
          nextProbe = System.nanoTime();
          pause();
        }
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } catch (RuntimeException e) {
      log.error("following {} stopped: {}", topic, e.toString(), e);
      throw e;
    } finally {
      alive = false;
      watches.forEach(w -> w.waiter().completeExceptionally(new IllegalStateException("follower of " + topic + " stopped")));
    }
  }

  /** Whether everything on the topic when this was called has been applied within {@code timeout}. */
  public boolean awaitCaughtUp(Duration timeout) {
    CompletableFuture<Void> waiter = new CompletableFuture<>();
    waiters.add(waiter);
    try {
      waiter.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public void stop() {
    running = false;
    Consumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }

  public boolean alive() {
    return alive;
  }

  /** Time since the broker last answered this follower. */
  public Duration sinceBrokerContact() {
    return Duration.ofNanos(System.nanoTime() - lastBrokerContactNanos);
  }

  public long applied() {
    return applied;
  }

  public long skipped() {
    return skipped;
  }

  public String topic() {
    return topic;
  }

  private void pause() {
    try {
      Thread.sleep(AFTER_FAILURE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private void take(ConsumerRecord<String, byte[]> record) {
    V value;
    try {
      value = record.value() == null ? null : deserializer.deserialize(record.topic(), record.value());
    } catch (RuntimeException e) {
      skipped++;
      log.warn("{}-{}@{} cannot be read and is skipped: {}", record.topic(), record.partition(), record.offset(),
          e.getMessage());
      unreadable.accept(record, e);
      return;
    }
    apply.accept(record.key(), value);
    applied++;
  }

  private List<TopicPartition> partitionsOf(Consumer<String, byte[]> c) {
    List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(30));
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException("topic " + topic + " does not exist (is topic provisioning off?)");
    }
    return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
  }

  private record Watch(Map<TopicPartition, Long> targets, CompletableFuture<Void> waiter) {

    boolean reached(Consumer<String, byte[]> c) {
      for (Map.Entry<TopicPartition, Long> target : targets.entrySet()) {
        if (c.position(target.getKey()) < target.getValue()) {
          return false;
        }
      }
      waiter.complete(null);
      return true;
    }
  }
}
