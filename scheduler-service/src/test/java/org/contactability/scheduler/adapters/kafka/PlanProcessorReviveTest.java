package org.contactability.scheduler.adapters.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.contactability.common.kafka.DeadLetters;
import org.contactability.common.links.AnswerTokens;
import org.contactability.common.time.AdjustableClock;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.scheduler.domain.ContactPlan;
import org.contactability.scheduler.domain.ContactPlanner;
import org.contactability.scheduler.domain.Profiles;
import org.contactability.schemas.topics.TopicNaming;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * A task Kafka Streams revives after an aborted transaction (a fenced or refused producer under exactly-once) keeps
 * its processor object: the stores are restored from the changelogs to the last commit, {@code close} and
 * {@code init} run again on the same {@link PlanProcessor}. Whatever the aborted punctuation sent must be due again.
 */
class PlanProcessorReviveTest {

  /** Friday 2026-05-01 08:00 in Santiago. */
  private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");

  private final AdjustableClock clock = AdjustableClock.on(Clock.fixed(T0, ZoneOffset.UTC));
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final MockProcessorContext<String, SpecificRecord> context = new MockProcessorContext<>();
  private final KeyValueStore<String, ContactPlan> plans = store(SchedulerStores.PLANS, new PlanSerde());
  private final KeyValueStore<String, String> due = store(SchedulerStores.DUE, Serdes.String());
  private final ContactPlanner planner = new ContactPlanner(Profiles.catalog());
  private final PlanProcessor processor = new PlanProcessor(planner,
      new ContactRequests(clock, new AnswerTokens(), "scheduler-service"), clock,
      new DeadLetters("scheduler-service", clock, TopicNaming.none(), meters),
      new PlanSettings("scheduler-service", Duration.ofMillis(500), 100, Duration.ofMillis(200), 1000),
      new SchedulerMetrics(meters));

  @Test
  void the_steps_an_aborted_punctuation_sent_are_sent_again_by_the_revived_task() {
    ContactPlan committed = planner.onView(null,
        Profiles.appointment("chillan-cae", LocalDateTime.of(2026, 5, 11, 10, 0), T0), T0).plan();
    String committedKey = PlanProcessor.indexKey(committed.nextDueAt(), "A1");
    restore(committed, committedKey);
    processor.init(context);
    clock.advance(Duration.between(T0, committed.nextDueAt()).plusSeconds(1));

    List<ContactRequest> first = punctuate();
    assertThat(first).as("the due step is sent").isNotEmpty();

    // The transaction aborts: the stores go back to the last commit and the task is initialised again.
    restore(committed, committedKey);
    processor.close();
    processor.init(context);

    assertThat(punctuate()).as("the revived task sends the restored due step again")
        .extracting(ContactRequest::getRequestId)
        .containsExactlyElementsOf(first.stream().map(ContactRequest::getRequestId).toList());
  }

  /** The stores as the changelogs restore them: the committed plan and its index entry only. */
  private void restore(ContactPlan plan, String indexKey) {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, String> entries = due.all()) {
      entries.forEachRemaining(entry -> keys.add(entry.key));
    }
    keys.forEach(due::delete);
    due.put(indexKey, "");
    plans.put("A1", plan);
  }

  /** Runs the latest scheduled punctuator once; the contact requests it forwarded. */
  private List<ContactRequest> punctuate() {
    context.resetForwards();
    List<CapturedPunctuator> punctuators = context.scheduledPunctuators();
    punctuators.get(punctuators.size() - 1).getPunctuator().punctuate(clock.millis());
    return context.forwarded().stream()
        .map(forward -> KeyValue.pair(forward.record().key(), forward.record().value()))
        .filter(pair -> pair.value instanceof ContactRequest)
        .map(pair -> (ContactRequest) pair.value)
        .toList();
  }

  private <V> KeyValueStore<String, V> store(String name, org.apache.kafka.common.serialization.Serde<V> values) {
    KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(),
        values).withLoggingDisabled().build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    return store;
  }
}
