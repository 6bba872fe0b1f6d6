package org.contactability.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.contactability.contracts.contact.DeliveryStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeliveryProgressTest {

  @ParameterizedTest(name = "{0} then {1}: {2}")
  @CsvSource({
      ", SENDING, true",
      ", DELIVERED, true",
      "SENDING, QUEUED, true",
      "SENDING, SENT, true",
      "SENDING, SENDING, false",
      "QUEUED, SENT, true",
      "QUEUED, QUEUED, false",
      "QUEUED, UNDELIVERED, true",
      "SENT, QUEUED, false",
      "SENT, DELIVERED, true",
      "SENT, FAILED, true",
      "DELIVERED, SENT, false",
      "DELIVERED, READ, true",
      "DELIVERED, UNDELIVERED, false",
      "READ, DELIVERED, false",
      "UNDELIVERED, DELIVERED, true",
      "UNDELIVERED, SENT, false",
      "FAILED, DELIVERED, false",
      "SUPPRESSED, SENDING, false",
      "EXPIRED, QUEUED, false",
      "SKIPPED, SENDING, false",
      "QUEUED, OTHER, false"})
  void only_a_status_that_moves_the_message_forward_is_published(DeliveryStatus current, DeliveryStatus next,
      boolean advances) {
    assertThat(DeliveryProgress.advances(current, next)).isEqualTo(advances);
  }

  @ParameterizedTest(name = "{0} final: {1}")
  @CsvSource({"SENDING, false", "QUEUED, false", "SENT, false", "DELIVERED, false", "READ, true", "FAILED, true",
      "UNDELIVERED, true", "SUPPRESSED, true", "EXPIRED, true", "SKIPPED, true"})
  void final_statuses_expect_nothing_more(DeliveryStatus status, boolean isFinal) {
    assertThat(DeliveryProgress.isFinal(status)).isEqualTo(isFinal);
  }
}
