package org.contactability.console.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DeadLetterBookTest {

  final DeadLetterBook book = new DeadLetterBook(new ReadModelBounds(1, 30, 14, 10, 10, 10, 3, Duration.ofDays(2), 13, 1_000_000));

  @Test
  void keeps_the_newest_letters_newest_first_and_counts_the_dropped_ones() {
    for (int i = 1; i <= 5; i++) {
      book.apply(new Fact.DeadLetterSeen(letter("dl-" + i)));
    }

    assertThat(book.newestFirst()).extracting(DeadLetterEntry::id).containsExactly("dl-5", "dl-4", "dl-3");
    assertThat(book.dropped()).isEqualTo(2);
    assertThat(book.find("dl-1")).isEmpty();
  }

  @Test
  void a_letter_is_replayed_once_whether_marked_here_or_read_back_from_the_topic() {
    book.apply(new Fact.DeadLetterSeen(letter("dl-1")));
    book.apply(new Fact.DeadLetterSeen(letter("dl-2")));

    assertThat(book.markReplayed("dl-1")).isTrue();
    assertThat(book.markReplayed("dl-1")).isFalse();

    book.apply(new Fact.Replayed("dl-2"));
    assertThat(book.isReplayed("dl-2")).isTrue();
    assertThat(book.markReplayed("dl-2")).isFalse();

    book.unmarkReplayed("dl-1");
    assertThat(book.markReplayed("dl-1")).as("a failed replay may be tried again").isTrue();
  }

  static DeadLetterEntry letter(String id) {
    return new DeadLetterEntry(id, "contact.requests.dlq", 0, 1, "contact.requests", 2, 40L, "cita-1",
        DeadLetterEntry.AVRO, new byte[] {0, 0, 0, 0, 1}, "no template", "java.lang.IllegalStateException",
        "notifier-service", Instant.parse("2026-05-04T12:00:00Z"), 1, null, Map.of());
  }
}
