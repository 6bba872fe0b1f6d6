package org.contactability.notifier.adapters.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.notifier.adapters.twilio.TwilioErrors.Kind;
import org.contactability.notifier.application.ProviderReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TwilioErrorsTest {

  @ParameterizedTest(name = "code {0}, HTTP {1} -> {2}")
  @CsvSource({
      "21211, 400, PERMANENT",
      "21610, 400, PERMANENT",
      "63003, , PERMANENT",
      "63016, 400, PERMANENT",
      "63024, , PERMANENT",
      "30005, , PERMANENT",
      "30003, , TRANSIENT",
      "30008, , TRANSIENT",
      "20429, 429, TRANSIENT",
      "63018, , TRANSIENT",
      "20003, 401, CONFIGURATION",
      "21606, 400, CONFIGURATION",
      "63007, 400, CONFIGURATION",
      "12345, 400, PERMANENT",
      "12345, 404, CONFIGURATION",
      "12345, 429, TRANSIENT",
      "12345, 502, TRANSIENT",
      "12345, , TRANSIENT",
      ", 503, TRANSIENT"})
  void error_codes_are_classified_by_table_then_by_http_status(Integer code, Integer http, Kind kind) {
    assertThat(TwilioErrors.of(code, http).kind()).isEqualTo(kind);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "queued, QUEUED", "accepted, QUEUED", "sent, SENT", "delivered, DELIVERED", "read, READ",
      "undelivered, UNDELIVERED", "failed, FAILED", "canceled, FAILED"})
  void message_callbacks_map_to_delivery_statuses(String twilio, DeliveryStatus status) {
    assertThat(TwilioStatuses.fromCallback(Map.of("MessageSid", "SM1", "MessageStatus", twilio), "r-1"))
        .hasValueSatisfying(report -> {
          assertThat(report.status()).isEqualTo(status);
          assertThat(report.providerMessageId()).isEqualTo("SM1");
          assertThat(report.requestId()).isEqualTo("r-1");
        });
  }

  @Test
  void sending_and_inbound_message_callbacks_change_nothing() {
    assertThat(TwilioStatuses.fromCallback(Map.of("MessageSid", "SM1", "MessageStatus", "sending"), null)).isEmpty();
    assertThat(TwilioStatuses.fromCallback(Map.of("MessageSid", "SM1", "MessageStatus", "received"), null)).isEmpty();
    assertThat(TwilioStatuses.fromCallback(Map.of("AccountSid", "AC1"), null)).isEmpty();
  }

  @Test
  void an_undelivered_whatsapp_for_a_number_without_whatsapp_is_permanent_so_the_scheduler_falls_back() {
    Map<String, String> params = new HashMap<>(Map.of("MessageSid", "SM1", "MessageStatus", "undelivered",
        "ErrorCode", "63024"));

    ProviderReport report = TwilioStatuses.fromCallback(params, null).orElseThrow();

    assertThat(report.status()).isEqualTo(DeliveryStatus.UNDELIVERED);
    assertThat(report.errorCode()).isEqualTo("63024");
    assertThat(report.permanent()).isTrue();
    assertThat(report.reason()).isEqualTo("the number is not a valid WhatsApp recipient");
  }

  @Test
  void an_unreachable_handset_is_undelivered_but_not_permanent() {
    ProviderReport report = TwilioStatuses.fromCallback(Map.of("MessageSid", "SM1", "MessageStatus", "undelivered",
        "ErrorCode", "30003"), null).orElseThrow();

    assertThat(report.permanent()).isFalse();
  }

  @ParameterizedTest(name = "call {0} -> {1}")
  @CsvSource({"initiated, QUEUED", "ringing, SENT", "in-progress, DELIVERED", "completed, DELIVERED",
      "busy, UNDELIVERED", "no-answer, UNDELIVERED", "failed, FAILED", "canceled, FAILED"})
  void call_callbacks_map_to_delivery_statuses(String twilio, DeliveryStatus status) {
    assertThat(TwilioStatuses.fromCallback(Map.of("CallSid", "CA1", "CallStatus", twilio), null))
        .hasValueSatisfying(report -> assertThat(report.status()).isEqualTo(status));
  }
}
