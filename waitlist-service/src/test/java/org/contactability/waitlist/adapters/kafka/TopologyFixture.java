package org.contactability.waitlist.adapters.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.contactability.common.kafka.DeadLetters;
import org.contactability.common.kafka.StreamsDeadLetters;
import org.contactability.common.links.AnswerTokens;
import org.contactability.common.time.AdjustableClock;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.TopicSpec;
import org.contactability.testkit.TopologyHarness;
import org.contactability.waitlist.application.CampaignSettings;
import org.contactability.waitlist.application.HospitalPolicies;
import org.contactability.waitlist.domain.campaign.Pacer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The whole waitlist topology on testkit's {@link TopologyHarness}, with serdes on an in-memory registry,
 * an adjustable clock that moves with the driver's wall clock, and the service's dead-letter path.
 */
final class TopologyFixture implements AutoCloseable {

  final AdjustableClock clock;
  final AvroSerdes serdes = new AvroSerdes(Map.of("schema.registry.url", "mem://waitlist-ttd-" + UUID.randomUUID()));
  final TopicNaming naming = TopicNaming.none();
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final TopologyHarness harness;
  final TopologyTestDriver driver;

  TopologyFixture(Instant start, HospitalPolicies policies, Pacer pacer) {
    this.clock = AdjustableClock.on(Clock.fixed(start, ZoneOffset.UTC));
    TopologySettings settings = new TopologySettings(clock, policies,
        new CampaignSettings(pacer, FixedPolicies.CHANNELS, Duration.ofDays(90)), Duration.ofSeconds(1), 6,
        new AnswerTokens(), meters);
    StreamsDeadLetters deadLetters = StreamsDeadLetters.builder(new DeadLetters("waitlist-service", clock, naming,
            meters), serdes.forValues(DeadLetter.class).serializer())
        .repartitions(WaitlistTopology.REPARTITIONS)
        // No broker under the test driver: global stores' dead letters are kept by Kafka's own stand-in producer.
        .globalStores(WaitlistTopology.GLOBAL_SOURCES,
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()))
        .build();
    this.harness = new TopologyHarness(new WaitlistTopology(settings, naming, serdes).build(), deadLetters.settings(),
        start, clock::advance);
    this.driver = harness.driver();
  }

  <V extends SpecificRecord> TestInputTopic<String, V> input(TopicSpec<V> topic) {
    return harness.input(naming.name(topic), serdes.forValues(topic));
  }

  <V extends SpecificRecord> TestOutputTopic<String, V> output(TopicSpec<V> topic) {
    return harness.output(naming.name(topic), serdes.forValues(topic));
  }

  TestOutputTopic<String, DeadLetter> deadLetters(TopicSpec<?> topic) {
    return harness.output(naming.deadLetterName(topic), serdes.forValues(DeadLetter.class));
  }

  /** Moves the business clock and the driver's wall clock together; punctuators run once. */
  void advance(Duration by) {
    harness.advance(by);
  }

  Instant now() {
    return clock.instant();
  }

  static <V> List<V> values(TestOutputTopic<String, V> topic) {
    return TopologyHarness.values(topic);
  }

  @Override
  public void close() {
    harness.close();
  }
}
