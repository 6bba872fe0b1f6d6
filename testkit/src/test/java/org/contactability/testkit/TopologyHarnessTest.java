package org.contactability.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class TopologyHarnessTest {

  private static final Instant T0 = Instant.parse("2026-05-04T12:00:00Z");

  /** The service's business clock: what its processors read. */
  private final AtomicReference<Clock> clock = new AtomicReference<>(Clock.fixed(T0, ZoneOffset.UTC));

  /** Counts the words it reads in a store; every wall-clock minute it reports the count at the business clock's time. */
  private Topology topology() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore("words"), Serdes.String(),
        Serdes.Long()));
    builder.stream("words", Consumed.with(Serdes.String(), Serdes.String()))
        .process(() -> new Processor<String, String, String, String>() {
          private KeyValueStore<String, Long> words;

          @Override
          public void init(ProcessorContext<String, String> context) {
            words = context.getStateStore("words");
            context.schedule(Duration.ofMinutes(1), PunctuationType.WALL_CLOCK_TIME, wall -> context.forward(
                new Record<>("count", words.approximateNumEntries() + " at " + clock.get().instant(), wall)));
          }

          @Override
          public void process(Record<String, String> record) {
            words.put(record.value(), 1L);
          }
        }, "words")
        .to("reports", Produced.with(Serdes.String(), Serdes.String()));
    return builder.build();
  }

  @Test
  void advancing_moves_the_business_clock_and_the_wall_clock_together_so_punctuators_see_the_new_time() {
    try (TopologyHarness harness = new TopologyHarness(topology(), Map.of(), T0,
        by -> clock.set(Clock.offset(clock.get(), by)))) {
      TestInputTopic<String, String> words = harness.input("words", Serdes.String());
      TestOutputTopic<String, String> reports = harness.output("reports", Serdes.String());

      words.pipeInput("a", "hola");
      words.pipeInput("b", "chao");
      harness.advance(Duration.ofMinutes(90));

      assertThat(TopologyHarness.values(reports)).containsExactly("2 at 2026-05-04T13:30:00Z");
      assertThat(TopologyHarness.values(reports)).as("read once").isEmpty();
    }
  }

  @Test
  void two_harnesses_at_once_keep_their_stores_apart() {
    try (TopologyHarness first = new TopologyHarness(topology(), Map.of(), T0, by -> { });
        TopologyHarness second = new TopologyHarness(topology(), Map.of(), T0, by -> { })) {
      first.input("words", Serdes.String()).pipeInput("a", "hola");

      assertThat(first.driver().getKeyValueStore("words").get("hola")).isEqualTo(1L);
      assertThat(second.driver().getKeyValueStore("words").get("hola")).as("not the first's store").isNull();
    }
  }
}
