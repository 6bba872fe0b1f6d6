package org.contactability.waitlist.adapters.kafka;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.contactability.common.kafka.DeadLetters;
import org.contactability.common.links.AnswerTokens;
import org.contactability.common.time.AdjustableClock;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.TopicSpec;
import org.contactability.waitlist.application.CampaignSettings;
import org.contactability.waitlist.application.HospitalPolicies;
import org.contactability.waitlist.domain.campaign.Pacer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The whole waitlist topology in a {@link TopologyTestDriver}, with serdes on an in-memory registry
 * and an adjustable clock that moves together with the driver's wall clock, so that advancing time
 * fires the punctuators exactly as the platform's clock advance does.
 */
final class TopologyHarness implements AutoCloseable {

  final AdjustableClock clock;
  final AvroSerdes serdes = new AvroSerdes(Map.of("schema.registry.url", "mem://waitlist-ttd-" + UUID.randomUUID()));
  final TopicNaming naming = TopicNaming.none();
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final TopologyTestDriver driver;

  TopologyHarness(Instant start, HospitalPolicies policies, Pacer pacer) {
    this.clock = AdjustableClock.on(Clock.fixed(start, ZoneOffset.UTC));
    TopologySettings settings = new TopologySettings(clock, policies,
        new CampaignSettings(pacer, FixedPolicies.CHANNELS, Duration.ofDays(90)), Duration.ofSeconds(1), 6,
        new AnswerTokens(), meters);
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "waitlist-ttd");
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    config.put(StreamsConfig.STATE_DIR_CONFIG, Path.of("target", "ttd-state", UUID.randomUUID().toString()).toString());
    config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
    config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
    config.put(DeadLetterRouter.CONFIG_KEY, new DeadLetterRouter(naming, new DeadLetters("waitlist-service", clock),
        serdes.forValues(DeadLetter.class).serializer(), WaitlistTopology.REPARTITIONS, WaitlistTopology.GLOBAL_SOURCES,
        // No broker under the test driver: global stores' dead letters are kept by Kafka's own stand-in producer.
        new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()), meters));
    this.driver = new TopologyTestDriver(new WaitlistTopology(settings, naming, serdes).build(), config, start);
  }

  <V extends SpecificRecord> TestInputTopic<String, V> input(TopicSpec<V> topic) {
    return driver.createInputTopic(naming.name(topic), Serdes.String().serializer(),
        serdes.forValues(topic).serializer(), clock.instant(), Duration.ZERO);
  }

  <V extends SpecificRecord> TestOutputTopic<String, V> output(TopicSpec<V> topic) {
    return driver.createOutputTopic(naming.name(topic), Serdes.String().deserializer(),
        serdes.forValues(topic).deserializer());
  }

  TestOutputTopic<String, DeadLetter> deadLetters(TopicSpec<?> topic) {
    return driver.createOutputTopic(naming.deadLetterName(topic), Serdes.String().deserializer(),
        serdes.forValues(DeadLetter.class).deserializer());
  }

  /** Moves the business clock and the driver's wall clock together; punctuators run once. */
  void advance(Duration by) {
    clock.advance(by);
    driver.advanceWallClockTime(by);
  }

  Instant now() {
    return clock.instant();
  }

  static <V> List<V> values(TestOutputTopic<String, V> topic) {
    return topic.readRecordsToList().stream().map(TestRecord::value).toList();
  }

  @Override
  public void close() {
    driver.close();
  }
}
