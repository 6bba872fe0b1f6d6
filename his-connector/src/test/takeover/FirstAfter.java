import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Prints the producer timestamp of the first record of a topic written after a given epoch millis. */
public class FirstAfter {
  public static void main(String[] args) throws Exception {
    String bootstrap = args[0], topic = args[1];
    long after = Long.parseLong(args[2]);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long first = Long.MAX_VALUE;
      long total = 0;
      long deadline = System.currentTimeMillis() + 20_000;
      while (System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          total++;
          if (r.timestamp() > after) {
            first = Math.min(first, r.timestamp());
          }
        }
      }
      System.out.println("records=" + total + " firstAfterKillMs=" + (first == Long.MAX_VALUE ? -1 : first - after));
    }
  }
}
