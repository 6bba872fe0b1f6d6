package org.contactability.platform.console.adapters.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * How many records a {@code read_committed} consumer still gets between a committed offset and the last
 * stable offset. Offsets alone overcount: a transactional producer (every exactly-once service) writes a
 * commit marker after each transaction, and aborted records no consumer ever receives. A group that has
 * consumed everything commits the offset after its last record, which is the last marker's: by offsets it
 * would lag by one for ever. Counting means reading, so each partition is read from its lowest committed
 * offset, at most {@code maxRecords} records and {@code maxPolls} polls of 100 ms per reading; what is left
 * beyond is estimated by offsets (a group that far behind lags whatever the exact number).
 */
final class UnreadRecords implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(100);

  private final Consumer<byte[], byte[]> consumer;
  private final int maxRecords;
  private final int maxPolls;

  /** @param consumer a consumer without a group, {@code read_committed}, that this class alone uses and closes */
  UnreadRecords(Consumer<byte[], byte[]> consumer, int maxRecords, int maxPolls) {
    this.consumer = consumer;
    this.maxRecords = maxRecords;
    this.maxPolls = maxPolls;
  }

  /**
   * @param from per partition, the offsets to count from (one per group reading it)
   * @param to   per partition, the last stable offset
   * @return per partition and offset of {@code from}, the records from there to {@code to}
   */
  Map<TopicPartition, Map<Long, Long>> count(Map<TopicPartition, Set<Long>> from, Map<TopicPartition, Long> to) {
    Map<TopicPartition, Long> start = new HashMap<>();
    from.forEach((partition, offsets) -> offsets.stream().filter(o -> o < to.getOrDefault(partition, 0L))
        .min(Long::compare).ifPresent(lowest -> start.put(partition, lowest)));
    Map<TopicPartition, List<Long>> read = read(start, to);
    Map<TopicPartition, Map<Long, Long>> counts = new HashMap<>();
    from.forEach((partition, offsets) -> {
      Map<Long, Long> perOffset = new HashMap<>();
      for (long offset : offsets) {
        perOffset.put(offset, unread(offset, read.get(partition), to.getOrDefault(partition, 0L)));
      }
      counts.put(partition, perOffset);
    });
    return counts;
  }

  /** Records at or after {@code offset}; beyond the records read (the last element: where reading stopped), by offsets. */
  private static long unread(long offset, List<Long> read, long to) {
    if (offset >= to || read == null) {
      return Math.max(0, to - offset);
    }
    List<Long> records = read.subList(0, read.size() - 1);
    long readUpTo = read.get(read.size() - 1);
    int first = Collections.binarySearch(records, offset);
    long counted = records.size() - (first >= 0 ? first : -first - 1);
    return counted + Math.max(0, to - Math.max(readUpTo, offset));
  }

  /**
   * Per partition, the offsets of the records read from {@code start} below {@code to}, in order, followed by
   * the position reading stopped at ({@code to} when it got there).
   */
  private Map<TopicPartition, List<Long>> read(Map<TopicPartition, Long> start, Map<TopicPartition, Long> to) {
    Map<TopicPartition, List<Long>> read = new HashMap<>();
    if (start.isEmpty()) {
      return read;
    }
    consumer.assign(start.keySet());
    start.forEach(consumer::seek);
    start.keySet().forEach(partition -> read.put(partition, new ArrayList<>()));
    Set<TopicPartition> reading = new HashSet<>(start.keySet());
    Map<TopicPartition, Long> stoppedAt = new HashMap<>();
    for (int poll = 0; poll < maxPolls && !reading.isEmpty(); poll++) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (reading.contains(partition) && record.offset() < to.get(partition)) {
          read.get(partition).add(record.offset());
        }
      }
      for (TopicPartition partition : List.copyOf(reading)) {
        long position = consumer.position(partition);
        List<Long> offsets = read.get(partition);
        if (position >= to.get(partition) || offsets.size() >= maxRecords) {
          stoppedAt.put(partition, Math.min(position, to.get(partition)));
          reading.remove(partition);
        }
      }
      consumer.pause(stoppedAt.keySet());
    }
    for (TopicPartition partition : reading) {
      stoppedAt.put(partition, Math.min(consumer.position(partition), to.get(partition)));
    }
    consumer.unsubscribe();
    stoppedAt.forEach((partition, position) -> read.get(partition).add(position));
    return read;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
