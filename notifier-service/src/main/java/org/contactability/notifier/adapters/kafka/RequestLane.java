package org.contactability.notifier.adapters.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.github.resilience4j.bulkhead.ThreadPoolBulkhead;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.contactability.common.kafka.ConsumerDeadLetters;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.notifier.application.ContactRequestHandler;
import org.contactability.schemas.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel's way through contact.requests. Each lane is its own consumer group reading the whole
 * topic and taking only its channels' requests, so a slow channel (voice at one call a second, an
 * SMTP server that hangs) holds back only its own lane; within the lane a resilience4j
 * {@link ThreadPoolBulkhead} sends up to {@code threads} requests at a time. A lane reads only the channel of
 * each record and decodes whole only the requests it takes. A batch's offsets are committed once every
 * request in it is done; a record whose handling failed (broker unreachable) is read again, and the
 * delivery ledger keeps that from sending twice. Batches of other lanes' requests only are committed at most
 * once a second: reading them again after a crash is harmless.
 */
public final class RequestLane implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(RequestLane.class);
  private static final Duration POLL = Duration.ofMillis(250);
  private static final Duration KEEP_ALIVE_POLL = Duration.ofMillis(100);
  private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);
  private static final Duration SKIPPED_COMMIT_INTERVAL = Duration.ofSeconds(1);

  private final String name;
  private final Set<Channel> channels;
  private final String topic;
  private final Supplier<Consumer<String, byte[]>> consumers;
  private final Deserializer<GenericRecord> channelReader;
  private final Deserializer<ContactRequest> deserializer;
  private final ContactRequestHandler handler;
  private final ConsumerDeadLetters deadLetters;
  private final ThreadPoolBulkhead bulkhead;
  private final Runnable onAssignment;
  private final boolean parksUnreadable;
  private volatile boolean running = true;
  private volatile boolean alive;
  private volatile long lastPollNanos = System.nanoTime();
  private volatile Consumer<String, byte[]> consumer;
  /** Offsets past records of other lanes only, not committed yet. */
  private final Map<TopicPartition, OffsetAndMetadata> skipped = new HashMap<>();
  private long lastCommitNanos = System.nanoTime();

  /**
   * @param channelReader   reads a request's channel only (an {@code AvroProjection} of ContactRequest)
   * @param onAssignment    runs before partitions are read: waits until the delivery ledger has caught up
   * @param parksUnreadable every lane reads every record's channel: exactly one parks those whose channel nobody
   *                        can read; a request whose channel is read but the rest not is parked by its own lane
   */
  public RequestLane(String name, Set<Channel> channels, String topic, Supplier<Consumer<String, byte[]>> consumers,
      Deserializer<GenericRecord> channelReader, Deserializer<ContactRequest> deserializer,
      ContactRequestHandler handler, ConsumerDeadLetters deadLetters, ThreadPoolBulkhead bulkhead,
      Runnable onAssignment, boolean parksUnreadable) {
    this.name = name;
    this.channels = Set.copyOf(channels);
    this.topic = topic;
    this.consumers = consumers;
    this.channelReader = channelReader;
    this.deserializer = deserializer;
    this.handler = handler;
    this.deadLetters = deadLetters;
    this.bulkhead = bulkhead;
    this.onAssignment = onAssignment;
    this.parksUnreadable = parksUnreadable;
  }

  @Override
  public void run() {
    alive = true;
    try (Consumer<String, byte[]> c = consumers.get()) {
      consumer = c;
      c.subscribe(List.of(topic), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
          try {
            commitSkipped(c, partitions);
          } catch (KafkaException e) {
            // The new owner reads the skipped records again and skips them too.
            log.warn("lane {}: skipped offsets not committed on revocation: {}", name, e.toString());
          }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          if (!partitions.isEmpty()) {
            onAssignment.run();
          }
        }
      });
      while (running) {
        try {
          ConsumerRecords<String, byte[]> records = c.poll(POLL);
          lastPollNanos = System.nanoTime();
          if (!records.isEmpty()) {
            handleBatch(c, records);
          } else if (!skipped.isEmpty() && commitDue()) {
            commitSkipped(c, c.assignment());
          }
        } catch (WakeupException e) {
          throw e;
        } catch (KafkaException e) {
          // Uncommitted records are read again; the ledger keeps them from being sent twice.
          log.warn("lane {}: {}; trying again", name, e.toString());
          pause();
        }
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } catch (RuntimeException e) {
      log.error("lane {} stopped: {}", name, e.toString(), e);
      throw e;
    } finally {
      alive = false;
    }
  }

  public void stop() {
    running = false;
    Consumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }

  /** Ends the bulkhead's threads, once the lane's own thread has ended. */
  void closeBulkhead() {
    try {
      bulkhead.close();
    } catch (Exception e) {
      log.warn("bulkhead {} did not close: {}", bulkhead.getName(), e.toString());
    }
  }

  public String name() {
    return name;
  }

  public Set<Channel> channels() {
    return channels;
  }

  public boolean alive() {
    return alive;
  }

  /** Time since the lane last asked the broker for records. */
  public Duration sinceLastPoll() {
    return Duration.ofNanos(System.nanoTime() - lastPollNanos);
  }

  /**
   * Three steps, the first and last on the bulkhead's threads: each request is prepared (claimed, settled if in doubt,
   * checked, rendered); the SENDING statuses of all that are ready are written with one wait for the broker; then
   * they go to their provider. A request whose step failed is read again.
   */
  private void handleBatch(Consumer<String, byte[]> c, ConsumerRecords<String, byte[]> records) {
    List<Pending<ContactRequestHandler.Prepared>> prepared = new ArrayList<>();
    Map<TopicPartition, Long> firstFailed = new HashMap<>();
    int own = 0;
    for (ConsumerRecord<String, byte[]> record : records) {
      if (record.value() == null) {
        continue;
      }
      try {
        if (!channels.contains(channelOf(record))) {
          continue;
        }
      } catch (RuntimeException e) {
        if (parksUnreadable) {
          own++;
          parkUnreadable(record, e, firstFailed);
        }
        continue;
      }
      own++;
      ContactRequest request;
      try {
        request = deserializer.deserialize(record.topic(), record.value());
      } catch (RuntimeException e) {
        parkUnreadable(record, e, firstFailed);
        continue;
      }
      prepared.add(new Pending<>(record, bulkhead.executeSupplier(() -> handler.prepare(record.key(), request))
          .toCompletableFuture()));
    }
    awaitKeepingMembership(c, prepared);
    List<Pending<ContactRequestHandler.Result>> results = new ArrayList<>();
    Map<ConsumerRecord<String, byte[]>, ContactRequestHandler.Prepared.Ready> ready = new LinkedHashMap<>();
    for (Pending<ContactRequestHandler.Prepared> p : prepared) {
      ContactRequestHandler.Prepared step = outcome(p, firstFailed);
      if (step instanceof ContactRequestHandler.Prepared.Finished finished) {
        results.add(new Pending<>(p.record(), CompletableFuture.completedFuture(finished.result())));
      } else if (step instanceof ContactRequestHandler.Prepared.Ready r) {
        ready.put(p.record(), r);
      }
    }
    if (announce(ready.values())) {
      // A send's future completes once its statuses are durable: the batch is committed only after all of them.
      ready.forEach((record, r) -> results.add(new Pending<>(record, bulkhead.executeSupplier(() -> handler.send(r))
          .toCompletableFuture().thenCompose(written -> written))));
    } else {
      ready.keySet().forEach(record -> firstFailed.merge(partitionOf(record), record.offset(), Math::min));
    }
    awaitKeepingMembership(c, results);
    for (Pending<ContactRequestHandler.Result> p : results) {
      if (outcome(p, firstFailed) instanceof ContactRequestHandler.Result.DeadLetter dead) {
        park(p.record(), dead, firstFailed);
      }
    }
    commit(c, records, firstFailed, own == 0);
  }

  private Channel channelOf(ConsumerRecord<String, byte[]> record) {
    return Channel.valueOf(channelReader.deserialize(record.topic(), record.value()).get("channel").toString());
  }

  private boolean announce(Collection<ContactRequestHandler.Prepared.Ready> ready) {
    try {
      handler.announce(List.copyOf(ready));
      return true;
    } catch (RuntimeException e) {
      log.error("lane {}: the SENDING statuses of {} requests could not be written; they will be read again: {}", name,
          ready.size(), e.toString());
      ready.forEach(handler::abandon);
      return false;
    }
  }

  private void park(ConsumerRecord<String, byte[]> record, ContactRequestHandler.Result.DeadLetter dead,
      Map<TopicPartition, Long> firstFailed) {
    try {
      deadLetters.park(Topics.CONTACT_REQUESTS, record, dead.reason(), dead.errorType(), dead.attempts());
    } catch (RuntimeException e) {
      log.error("lane {}: {}-{}@{} could not be parked and will be read again: {}", name, record.topic(),
          record.partition(), record.offset(), e.toString());
      firstFailed.merge(partitionOf(record), record.offset(), Math::min);
    }
  }

  /** The step's value; null when it failed, after noting its record to be read again. */
  private <T> T outcome(Pending<T> p, Map<TopicPartition, Long> firstFailed) {
    try {
      return p.result().join();
    } catch (RuntimeException e) {
      log.error("lane {}: {}-{}@{} failed and will be read again: {}", name, p.record().topic(),
          p.record().partition(), p.record().offset(), e.toString());
      firstFailed.merge(partitionOf(p.record()), p.record().offset(), Math::min);
      return null;
    }
  }

  private void parkUnreadable(ConsumerRecord<String, byte[]> record, RuntimeException cause,
      Map<TopicPartition, Long> firstFailed) {
    try {
      deadLetters.park(Topics.CONTACT_REQUESTS, record, cause, 1);
    } catch (KafkaException e) {
      firstFailed.merge(partitionOf(record), record.offset(), Math::min);
    }
  }

  /**
   * Sends can take minutes (retries, rate limits): poll with every partition paused to stay in the group. The
   * lane waits on the sends themselves, not in the poll, so that the next batch starts as soon as this one is
   * done rather than when a poll's timeout ends.
   */
  private void awaitKeepingMembership(Consumer<String, byte[]> c, List<? extends Pending<?>> pending) {
    CompletableFuture<?> all = CompletableFuture.allOf(pending.stream().map(Pending::result)
        .toArray(CompletableFuture[]::new));
    while (!all.isDone()) {
      try {
        all.get(KEEP_ALIVE_POLL.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        pausedPoll(c, Duration.ZERO);
      } catch (ExecutionException e) {
        return; // each failed request is handled with its own result
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        pausedPoll(c, Duration.ZERO); // throws Kafka's InterruptException, as a poll interrupted while waiting would
      }
    }
  }

  /**
   * Polls without taking records, so that the group does not think the lane dead. A partition
   * assigned meanwhile is not paused yet: its records are put back by seeking to them.
   */
  private void pausedPoll(Consumer<String, byte[]> c, Duration timeout) {
    c.pause(c.assignment());
    try {
      ConsumerRecords<String, byte[]> unexpected = c.poll(timeout);
      lastPollNanos = System.nanoTime();
      for (TopicPartition partition : unexpected.partitions()) {
        c.seek(partition, unexpected.records(partition).get(0).offset());
      }
    } finally {
      c.resume(c.paused());
    }
  }

  /** @param nothingTaken the batch held only other lanes' requests */
  private void commit(Consumer<String, byte[]> c, ConsumerRecords<String, byte[]> records,
      Map<TopicPartition, Long> firstFailed, boolean nothingTaken) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : records.partitions()) {
      Long failed = firstFailed.get(partition);
      List<ConsumerRecord<String, byte[]>> inPartition = records.records(partition);
      long next = failed != null ? failed : inPartition.get(inPartition.size() - 1).offset() + 1;
      offsets.put(partition, new OffsetAndMetadata(next));
      // A partition taken away meanwhile is read again by its new owner from the committed offset.
      if (failed != null && c.assignment().contains(partition)) {
        c.seek(partition, failed);
      }
    }
    if (nothingTaken && firstFailed.isEmpty()) {
      // Each commit is a write to the broker's offsets log: during another channel's burst, a lane would make
      // one per batch it only skips.
      skipped.putAll(offsets);
      if (!commitDue()) {
        return;
      }
    }
    takeSkipped(c.assignment(), offsets);
    skipped.clear(); // those of partitions taken away were committed on their revocation, or are the new owner's
    commitSync(c, offsets);
    if (!firstFailed.isEmpty()) {
      pausedPoll(c, RETRY_AFTER_FAILURE);
    }
  }

  private boolean commitDue() {
    return System.nanoTime() - lastCommitNanos >= SKIPPED_COMMIT_INTERVAL.toNanos();
  }

  /** Commits what was skipped in {@code partitions}: while they are still this lane's, or never. */
  private void commitSkipped(Consumer<String, byte[]> c, Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    takeSkipped(partitions, offsets);
    if (!offsets.isEmpty()) {
      commitSync(c, offsets);
    }
  }

  /** Moves the skipped offsets of {@code partitions} into {@code offsets}, where no later one is there already. */
  private void takeSkipped(Collection<TopicPartition> partitions, Map<TopicPartition, OffsetAndMetadata> offsets) {
    for (TopicPartition partition : partitions) {
      OffsetAndMetadata offset = skipped.remove(partition);
      if (offset != null) {
        offsets.putIfAbsent(partition, offset);
      }
    }
  }

  private void commitSync(Consumer<String, byte[]> c, Map<TopicPartition, OffsetAndMetadata> offsets) {
    try {
      c.commitSync(offsets);
      lastCommitNanos = System.nanoTime();
    } catch (CommitFailedException | RebalanceInProgressException e) {
      log.warn("lane {}: offsets not committed ({}); the new owner re-reads them and the ledger skips what was sent",
          name, e.getClass().getSimpleName());
    }
  }

  private void pause() {
    try {
      Thread.sleep(RETRY_AFTER_FAILURE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private static TopicPartition partitionOf(ConsumerRecord<?, ?> record) {
    return new TopicPartition(record.topic(), record.partition());
  }

  private record Pending<T>(ConsumerRecord<String, byte[]> record, CompletableFuture<T> result) {
  }
}
