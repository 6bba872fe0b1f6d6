package org.contactability.console.adapters.kafka;

import java.time.Duration;
import java.util.Comparator;
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
 * would lag by one for ever. Counting means reading. Where several groups read one partition, it is read
 * in segments, from the highest committed offset to the end first, then from the next one up to that, and
 * so on (one round per segment, every partition at once), so that a group close to the end is counted
 * exactly whoever else is far behind. A segment is read for at most {@code maxRecords} records and
 * {@code maxPolls} polls of 100 ms; what is left of it is estimated by offsets (a group that far behind
 * lags whatever the exact number).
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
    Map<TopicPartition, List<Long>> starts = new HashMap<>();
    Map<TopicPartition, Map<Long, Long>> counts = new HashMap<>();
    from.forEach((partition, offsets) -> {
      long end = to.getOrDefault(partition, 0L);
      Map<Long, Long> perOffset = new HashMap<>();
      offsets.forEach(offset -> perOffset.put(offset, 0L));
      counts.put(partition, perOffset);
      starts.put(partition, offsets.stream().filter(o -> o < end).distinct()
          .sorted(Comparator.reverseOrder()).toList());
    });
    Map<TopicPartition, Long> upTo = new HashMap<>(to);
    Map<TopicPartition, Long> unread = new HashMap<>();
    for (int round = 0; ; round++) {
      Map<TopicPartition, Segment> segments = new HashMap<>();
      for (Map.Entry<TopicPartition, List<Long>> partition : starts.entrySet()) {
        if (round < partition.getValue().size()) {
          segments.put(partition.getKey(), new Segment(partition.getValue().get(round), upTo.get(partition.getKey())));
        }
      }
      if (segments.isEmpty()) {
        return counts;
      }
      read(segments).forEach((partition, records) -> {
        long total = unread.merge(partition, records, Long::sum);
        long start = segments.get(partition).start();
        counts.get(partition).put(start, total);
        upTo.put(partition, start);
      });
    }
  }

  /** Offsets {@code [start, end)} of one partition. */
  private record Segment(long start, long end) {
  }

  /** Per partition, the records of its segment: counted as far as reading went, estimated by offsets beyond. */
  private Map<TopicPartition, Long> read(Map<TopicPartition, Segment> segments) {
    consumer.assign(segments.keySet());
    segments.forEach((partition, segment) -> consumer.seek(partition, segment.start()));
    Map<TopicPartition, Long> counted = new HashMap<>();
    segments.keySet().forEach(partition -> counted.put(partition, 0L));
    Set<TopicPartition> reading = new HashSet<>(segments.keySet());
    Map<TopicPartition, Long> stoppedAt = new HashMap<>();
    for (int poll = 0; poll < maxPolls && !reading.isEmpty(); poll++) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Segment segment = segments.get(partition);
        if (reading.contains(partition) && record.offset() >= segment.start() && record.offset() < segment.end()
            && counted.merge(partition, 1L, Long::sum) >= maxRecords) {
          stoppedAt.put(partition, record.offset() + 1);
          reading.remove(partition);
        }
      }
      for (TopicPartition partition : List.copyOf(reading)) {
        long position = consumer.position(partition);
        if (position >= segments.get(partition).end()) {
          stoppedAt.put(partition, position);
          reading.remove(partition);
        }
      }
      consumer.pause(stoppedAt.keySet());
    }
    for (TopicPartition partition : reading) {
      stoppedAt.put(partition, consumer.position(partition));
    }
    consumer.unsubscribe();
    Map<TopicPartition, Long> records = new HashMap<>();
    segments.forEach((partition, segment) -> records.put(partition, counted.get(partition)
        + Math.max(0, segment.end() - Math.max(stoppedAt.get(partition), segment.start()))));
    return records;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
