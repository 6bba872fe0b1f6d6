package org.contactability.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;

import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.ContactPurpose;
import org.contactability.contracts.common.Correlation;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.DeliveryStatus;
import org.junit.jupiter.api.Test;

class UniqueRecipientLimitTest {

  private static final Instant T0 = Instant.parse("2026-05-04T12:00:00Z");
  private final UniqueRecipientLimit limit = new UniqueRecipientLimit(
      hospital -> hospital.equals("HLS") ? OptionalInt.of(2) : OptionalInt.empty(), UnaryOperator.identity());

  @Test
  void a_new_recipient_past_the_tier_is_refused_while_those_already_reached_still_get_messages() {
    assertThat(limit.admit("HLS", "+56911111111", T0)).isTrue();
    assertThat(limit.admit("HLS", "+56922222222", T0.plusSeconds(60))).isTrue();

    assertThat(limit.admit("HLS", "+56933333333", T0.plusSeconds(120))).isFalse();
    assertThat(limit.admit("HLS", "+56911111111", T0.plusSeconds(180))).as("already reached").isTrue();
    assertThat(limit.reached("HLS", T0.plusSeconds(180))).isEqualTo(2);
  }

  @Test
  void the_window_rolls_so_a_recipient_counts_for_24_hours_after_their_last_message() {
    limit.admit("HLS", "+56911111111", T0);
    limit.admit("HLS", "+56922222222", T0.plusSeconds(3600));
    limit.admit("HLS", "+56911111111", T0.plusSeconds(7200)); // reached again: counts from here

    assertThat(limit.admit("HLS", "+56933333333", T0.plus(Duration.ofHours(24)).plusSeconds(1800)))
        .as("the first two are still within 24 h of their last message").isFalse();
    assertThat(limit.admit("HLS", "+56933333333", T0.plus(Duration.ofHours(25)).plusSeconds(1)))
        .as("the second one's 24 h are over").isTrue();
    assertThat(limit.reached("HLS", T0.plus(Duration.ofHours(26)).plusSeconds(1))).isEqualTo(1);
  }

  @Test
  void what_the_status_log_says_was_sent_counts_and_an_older_report_does_not_shorten_the_window() {
    limit.sent("HLS", "+56911111111", T0.plusSeconds(600));
    limit.sent("HLS", "+56911111111", T0); // replayed out of order
    limit.sent("HLS", "+56922222222", T0.plusSeconds(900));

    assertThat(limit.admit("HLS", "+56933333333", T0.plus(Duration.ofHours(24)).plusSeconds(300))).isFalse();
    assertThat(limit.admit("HLS", "+56933333333", T0.plus(Duration.ofHours(24)).plusSeconds(601))).isTrue();
  }

  @Test
  void of_the_status_log_only_whatsapp_messages_a_provider_took_count() {
    limit.observe(status("+56911111111", Channel.WHATSAPP, DeliveryStatus.QUEUED));
    limit.observe(status("+56922222222", Channel.WHATSAPP, DeliveryStatus.SENDING));
    limit.observe(status("+56933333333", Channel.WHATSAPP, DeliveryStatus.FAILED));
    limit.observe(status("+56944444444", Channel.SMS, DeliveryStatus.DELIVERED));
    limit.observe(status("+56955555555", Channel.WHATSAPP, DeliveryStatus.READ));

    assertThat(limit.reached("HLS", T0.plusSeconds(1))).isEqualTo(2);
  }

  private static ContactStatus status(String recipient, Channel channel, DeliveryStatus status) {
    return ContactStatus.newBuilder().setStatusId("s-" + recipient + status).setRequestId("r-" + recipient)
        .setCorrelation(Correlation.newBuilder().build()).setHospitalCode("HLS").setPurpose(ContactPurpose.REMINDER)
        .setChannel(channel).setStatus(status).setProvider("sandbox").setRecipient(recipient).setOccurredAt(T0)
        .build();
  }

  @Test
  void a_hospital_without_a_tier_is_never_limited_and_keeps_no_window() {
    for (int i = 0; i < 1_000; i++) {
      assertThat(limit.admit("HCHM", "+569" + (10_000_000 + i), T0)).isTrue();
    }
    limit.sent("HCHM", "+56911111111", T0);
    assertThat(limit.reached("HCHM", T0)).isZero();
    assertThat(limit.limitOf("HCHM")).isEmpty();
  }
}
