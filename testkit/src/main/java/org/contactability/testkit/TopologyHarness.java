package org.contactability.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * A service's whole Kafka Streams topology under Kafka's {@link TopologyTestDriver}, set up the way the
 * services run it: exactly once, a state directory of its own under {@code target/}, string keys. Moving
 * time moves the driver's wall clock and the service's business clock together, so that punctuators fire
 * as they do when the platform's clock is advanced.
 *
 * <pre>{@code
 * AdjustableClock clock = AdjustableClock.on(Clock.fixed(T0, ZoneOffset.UTC));
 * TopologyHarness harness = new TopologyHarness(topology, settings, T0, clock::advance);
 * TestInputTopic<String, PatientResponse> answers = harness.input("patient.responses", responseSerde);
 * harness.advance(Duration.ofMinutes(1));
 * }</pre>
 */
public final class TopologyHarness implements AutoCloseable {

  private final TopologyTestDriver driver;
  private final Consumer<Duration> businessClock;
  private Instant now;

  /**
   * @param settings      the service's own Streams settings on top of the harness's (serdes, dead-letter handlers)
   * @param start         the driver's wall clock at the start, which should be the business clock's
   * @param businessClock moves the service's clock by the given duration
   */
  public TopologyHarness(Topology topology, Map<String, ?> settings, Instant start, Consumer<Duration> businessClock) {
    Properties properties = new Properties();
    properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-harness");
    properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    // A reused state directory makes Kafka Streams report its tasks corrupted.
    properties.put(StreamsConfig.STATE_DIR_CONFIG,
        Path.of("target", "topology-harness", UUID.randomUUID().toString()).toAbsolutePath().toString());
    properties.putAll(settings);
    this.driver = new TopologyTestDriver(topology, properties, start);
    this.businessClock = businessClock;
    this.now = start;
  }

  /** Records piped without a timestamp get the harness's time when the topic was created. */
  public <V> TestInputTopic<String, V> input(String topic, Serde<V> values) {
    return driver.createInputTopic(topic, Serdes.String().serializer(), values.serializer(), now, Duration.ZERO);
  }

  /** Bytes as they are, e.g. a record no deserializer can read. */
  public TestInputTopic<String, byte[]> rawInput(String topic) {
    return input(topic, Serdes.ByteArray());
  }

  public <V> TestOutputTopic<String, V> output(String topic, Serde<V> values) {
    return driver.createOutputTopic(topic, Serdes.String().deserializer(), values.deserializer());
  }

  /** Moves the business clock and the driver's wall clock together; due punctuators run once. */
  public void advance(Duration by) {
    businessClock.accept(by);
    now = now.plus(by);
    driver.advanceWallClockTime(by);
  }

  public TopologyTestDriver driver() {
    return driver;
  }

  /** The values written to {@code topic} since it was last read. */
  public static <V> List<V> values(TestOutputTopic<String, V> topic) {
    return topic.readRecordsToList().stream().map(TestRecord::value).toList();
  }

  @Override
  public void close() {
    driver.close();
  }
}
