package org.contactability.console.adapters.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.contactability.console.application.ConsumerLag;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.TopicSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Reads the lag of every consumer group on the catalogue's topics every {@code refresh} and keeps the
 * latest reading: the records a {@code read_committed} consumer would still get between each group's
 * committed offset and the last stable offset (the admin client finds both; {@link UnreadRecords} counts
 * what is between, so that transaction markers and aborted records do not count). Groups that commit
 * nothing on the catalogue's topics are left out.
 */
public final class ConsumerLagMonitor implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ConsumerLagMonitor.class);
  private static final long TIMEOUT_SECONDS = 10;
  /** Records counted per partition and reading; beyond, lag is estimated by offsets. */
  private static final int MAX_RECORDS_COUNTED = 10_000;
  /** Polls of 100 ms per reading, so that a reading ends even while the broker does not answer. */
  private static final int MAX_POLLS = 50;

  private final Admin admin;
  private final TopicNaming naming;
  private final Map<String, String> services;
  private final Duration refresh;
  private final Clock clock;
  private final Supplier<Consumer<byte[], byte[]>> readers;
  /** Held while reading: the reader's consumer is used by one thread at a time and closed after the last. */
  private final Object reading = new Object();
  private UnreadRecords unread;
  private volatile ConsumerLag latest = ConsumerLag.notYetRead();
  private ScheduledExecutorService scheduler;

  /**
   * @param services service name per consumer group id, for groups whose id does not say it
   * @param readers  makes the consumer that counts unread records: no group, {@code read_committed}
   */
  public ConsumerLagMonitor(Admin admin, Supplier<Consumer<byte[], byte[]>> readers, TopicNaming naming,
      Map<String, String> services, Duration refresh, Clock clock) {
    this.admin = admin;
    this.readers = readers;
    this.naming = naming;
    this.services = Map.copyOf(services);
    this.refresh = refresh;
    this.clock = clock;
  }

  public ConsumerLag latest() {
    return latest;
  }

  /** Reads the lag now and keeps it. */
  public ConsumerLag refresh() {
    synchronized (reading) {
      try {
        latest = new ConsumerLag(clock.instant(), null, read());
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        log.warn("Could not read consumer lag: {}", cause.toString());
        latest = new ConsumerLag(clock.instant(),
            "No se pudo leer el retraso de los consumidores: " + cause.getMessage(), latest.groups());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return latest;
    }
  }

  private List<ConsumerLag.Group> read() throws ExecutionException, InterruptedException, TimeoutException {
    Collection<GroupListing> listings = admin.listGroups(ListGroupsOptions.forConsumerGroups()).all()
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (listings.isEmpty()) {
      return List.of();
    }
    List<String> ids = listings.stream().map(GroupListing::groupId).sorted().toList();
    Map<String, Map<TopicPartition, Long>> committed = new TreeMap<>();
    for (String id : ids) {
      Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(id).partitionsToOffsetAndMetadata()
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      Map<TopicPartition, Long> ours = new HashMap<>();
      offsets.forEach((partition, offset) -> {
        if (offset != null && naming.find(partition.topic()).isPresent()) {
          ours.put(partition, offset.offset());
        }
      });
      if (!ours.isEmpty()) {
        committed.put(id, ours);
      }
    }
    if (committed.isEmpty()) {
      return List.of();
    }
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    committed.values().forEach(offsets -> offsets.keySet().forEach(p -> request.put(p, OffsetSpec.latest())));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin
        .listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    Map<String, ConsumerGroupDescription> descriptions = admin.describeConsumerGroups(committed.keySet()).all()
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    Map<TopicPartition, Long> stable = new HashMap<>();
    ends.forEach((partition, end) -> stable.put(partition, end.offset()));
    Map<TopicPartition, Set<Long>> from = new HashMap<>();
    committed.values().forEach(offsets -> offsets.forEach((partition, offset) ->
        from.computeIfAbsent(partition, p -> new HashSet<>()).add(offset)));
    if (unread == null) {
      unread = new UnreadRecords(readers.get(), MAX_RECORDS_COUNTED, MAX_POLLS);
    }
    Map<TopicPartition, Map<Long, Long>> unreadRecords = unread.count(from, stable);

    List<ConsumerLag.Group> groups = new ArrayList<>();
    committed.forEach((id, offsets) -> {
      Map<String, long[]> perTopic = new TreeMap<>();
      offsets.forEach((partition, offset) -> {
        long lag = unreadRecords.getOrDefault(partition, Map.of()).getOrDefault(offset, 0L);
        String topic = naming.find(partition.topic()).map(TopicSpec::name).orElse(partition.topic());
        long[] sum = perTopic.computeIfAbsent(topic, t -> new long[2]);
        sum[0] += lag;
        sum[1]++;
      });
      List<ConsumerLag.TopicLag> topics = perTopic.entrySet().stream()
          .map(e -> new ConsumerLag.TopicLag(e.getKey(), e.getValue()[0], (int) e.getValue()[1])).toList();
      ConsumerGroupDescription description = descriptions.get(id);
      groups.add(new ConsumerLag.Group(id, services.getOrDefault(id, id),
          description == null ? "UNKNOWN" : description.groupState().toString(),
          description == null ? 0 : description.members().size(),
          topics.stream().mapToLong(ConsumerLag.TopicLag::lag).sum(), topics));
    });
    return groups;
  }

  @Override
  public synchronized void start() {
    if (scheduler != null) {
      return;
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "console-consumer-lag");
      thread.setDaemon(true);
      return thread;
    });
    scheduler.scheduleWithFixedDelay(this::refresh, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (scheduler != null) {
      scheduler.shutdown();
      scheduler = null;
    }
    synchronized (reading) {
      if (unread != null) {
        unread.close();
        unread = null;
      }
    }
  }

  @Override
  public boolean isRunning() {
    return scheduler != null;
  }
}
