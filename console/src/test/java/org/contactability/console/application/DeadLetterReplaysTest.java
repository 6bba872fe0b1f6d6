package org.contactability.console.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.contactability.console.domain.DeadLetterEntry;
import org.contactability.console.domain.Fact;
import org.contactability.console.domain.Observation;
import org.contactability.console.domain.ReadModelBounds;
import org.junit.jupiter.api.Test;

/** The replay rules; the Kafka republisher itself is exercised on the broker by ConsoleOnTheBrokerTest. */
class DeadLetterReplaysTest {

  static final Instant NOW = Instant.parse("2026-05-04T16:00:00Z");

  final ReadModel model = new ReadModel(Clock.fixed(NOW, ZoneOffset.UTC), ZoneId.of("America/Santiago"),
      ReadModelBounds.defaults(), UnaryOperator.identity());
  final List<String> published = new ArrayList<>();
  boolean brokerDown;
  final DeadLetterReplays replays = new DeadLetterReplays(model, (topic, key, payload, headers, id) -> {
    if (brokerDown) {
      throw new IllegalStateException("broker unreachable");
    }
    published.add(topic + "/" + key + "/" + id);
    return new DeadLetterReplays.Published(topic, 0, published.size());
  }, topic -> topic.equals("contact.requests"));

  @Test
  void an_avro_letter_is_replayed_once_and_a_failed_publish_can_be_tried_again() {
    add(letter("dl-1", "contact.requests", DeadLetterEntry.AVRO));

    brokerDown = true;
    assertThat(replays.replay("dl-1")).isInstanceOf(DeadLetterReplays.Outcome.Failed.class);
    brokerDown = false;
    assertThat(replays.replay("dl-1")).isInstanceOf(DeadLetterReplays.Outcome.Replayed.class);
    assertThat(replays.replay("dl-1")).isInstanceOf(DeadLetterReplays.Outcome.AlreadyReplayed.class);

    assertThat(published).containsExactly("contact.requests/cita-1/dl-1");
  }

  @Test
  void a_letter_already_replayed_elsewhere_is_refused() {
    add(letter("dl-2", "contact.requests", DeadLetterEntry.AVRO));
    model.apply(List.of(Observation.of(new Fact.Replayed("dl-2"))));

    assertThat(replays.replay("dl-2")).isInstanceOf(DeadLetterReplays.Outcome.AlreadyReplayed.class);
    assertThat(published).isEmpty();
  }

  @Test
  void his_rows_other_formats_foreign_topics_and_unknown_ids_are_not_replayed() {
    add(letter("json", "contact.requests", DeadLetterEntry.JSON));
    add(letter("other", "contact.requests", "unknown"));
    add(letter("foreign", "somebody.elses.topic", DeadLetterEntry.AVRO));

    assertThat(replays.replay("json")).isInstanceOfSatisfying(DeadLetterReplays.Outcome.NotReplayable.class,
        refused -> assertThat(refused.reason()).contains("Corrija el dato en el sistema de origen (HIS)"));
    assertThat(replays.replay("other")).isInstanceOf(DeadLetterReplays.Outcome.NotReplayable.class);
    assertThat(replays.replay("foreign")).isInstanceOfSatisfying(DeadLetterReplays.Outcome.NotReplayable.class,
        refused -> assertThat(refused.reason()).contains("no pertenece al catálogo"));
    assertThat(replays.replay("nope")).isInstanceOf(DeadLetterReplays.Outcome.Unknown.class);
    assertThat(published).isEmpty();
  }

  private void add(DeadLetterEntry letter) {
    model.apply(List.of(Observation.of(new Fact.DeadLetterSeen(letter))));
  }

  static DeadLetterEntry letter(String id, String sourceTopic, String format) {
    return new DeadLetterEntry(id, "contact.requests.dlq", 0, 1, sourceTopic, 2, 40L, "cita-1", format,
        new byte[] {0, 0, 0, 0, 1, 2}, "motivo", "java.lang.IllegalStateException", "notifier-service", NOW, 1, null,
        Map.of());
  }
}
