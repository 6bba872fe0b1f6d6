package org.contactability.response.adapters.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;

import org.contactability.response.domain.AnswerState;
import org.junit.jupiter.api.Test;

class AnswerStateSerdeTest {

  final AnswerStateSerde serde = new AnswerStateSerde();

  @Test
  void a_state_survives_the_changelog() {
    AnswerState state = new AnswerState(AnswerState.Standing.CONFIRMED, LocalDateTime.of(2026, 5, 6, 10, 0),
        Instant.parse("2026-05-02T15:00:00Z"), List.of("SM1", "SM2"));

    byte[] bytes = serde.serializer().serialize("t", state);

    assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(state);
  }

  @Test
  void a_state_written_by_a_later_version_with_more_fields_is_still_read() {
    byte[] newer = ("{\"decision\":\"CANCELLED\",\"decidedFor\":\"2026-05-06T10:00:00\","
        + "\"decidedAt\":\"2026-05-02T15:00:00Z\",\"recentResponseIds\":[\"SM1\"],\"somethingNew\":1}")
        .getBytes(StandardCharsets.UTF_8);

    assertThat(serde.deserializer().deserialize("t", newer).decision()).isEqualTo(AnswerState.Standing.CANCELLED);
  }
}
