package org.contactability.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;
import java.util.Set;

import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.ContactPurpose;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.FailureKind;
import org.contactability.contracts.contact.Recipient;
import org.contactability.notifier.Requests;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SendingRulesTest {

  private static final Instant NOW = Instant.parse("2026-05-02T14:00:00Z");
  private static final String MOBILE = "+56987654321";
  private static final String OPTED_OUT = "+56961234567";
  private static final String REACHED = "+56955558181";
  private static final String LANDLINE = "+56422586400";

  private final Recipients recipients = new Recipients("CL");

  /**
   * One request per row: its channel, phone, purpose, {@code notAfter} relative to now (seconds; empty:
   * none) and whether its hospital's WhatsApp sender is at its tier; then the first rule that refuses it.
   */
  @ParameterizedTest(name = "{0} to {1} ({2}, notAfter {3}, full tier {4}) -> {5} {6} failure={7}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      WHATSAPP | +56987654321 | REMINDER       | 60 | false | -                   | -          | -
      WHATSAPP | +56987654321 | REMINDER       | -  | false | -                   | -          | -
      WHATSAPP | +56987654321 | REMINDER       | 0  | false | EXPIRED             | EXPIRED    | TEMPORARY
      SMS      | +56987654321 | REMINDER       | -1 | false | EXPIRED             | EXPIRED    | TEMPORARY
      SMS      | +56422586400 | REMINDER       | -1 | false | EXPIRED             | EXPIRED    | TEMPORARY
      SMS      | +56422586400 | REMINDER       | -  | false | INVALID_RECIPIENT   | FAILED     | PERMANENT
      WHATSAPP | no tengo     | REMINDER       | -  | false | INVALID_RECIPIENT   | FAILED     | PERMANENT
      WHATSAPP | -            | REMINDER       | -  | false | INVALID_RECIPIENT   | FAILED     | PERMANENT
      VOICE    | +56422586400 | REMINDER       | -  | false | -                   | -          | -
      WHATSAPP | +56961234567 | REMINDER       | -  | false | SUPPRESSED          | SUPPRESSED | -
      SMS      | +56961234567 | SLOT_OFFER     | -  | false | SUPPRESSED          | SUPPRESSED | -
      SMS      | +56961234567 | OPT_OUT_ANSWER | -  | false | -                   | -          | -
      VOICE    | +56961234567 | REMINDER       | -  | false | -                   | -          | -
      WHATSAPP | +56961234567 | REMINDER       | -  | true  | SUPPRESSED          | SUPPRESSED | -
      WHATSAPP | +56987654321 | REMINDER       | -  | true  | OVER_WHATSAPP_LIMIT | FAILED     | TEMPORARY
      WHATSAPP | +56955558181 | REMINDER       | -  | true  | -                   | -          | -
      SMS      | +56987654321 | REMINDER       | -  | true  | -                   | -          | -
      EMAIL    | -            | REMINDER       | -  | false | NO_PROVIDER         | FAILED     | TECHNICAL
      """)
  void the_first_rule_that_refuses_a_request_names_the_status_and_the_kind_of_failure(Channel channel,
      String phone, ContactPurpose purpose, Long notAfterSeconds, boolean tierFull, Refusal.Kind kind,
      DeliveryStatus status, FailureKind failure) {
    UniqueRecipientLimit whatsapp = new UniqueRecipientLimit(h -> tierFull ? OptionalInt.of(1) : OptionalInt.empty(),
        UnaryOperator.identity());
    whatsapp.sent("HCHM", REACHED, NOW.minusSeconds(3600));
    List<SendingRules.Rule> rules = SendingRules.all(OPTED_OUT::equals, whatsapp,
        EnumSet.of(Channel.WHATSAPP, Channel.SMS, Channel.VOICE));
    ContactRequest request = Requests.request("R-1", "HCHM", "reminder", channel)
        .setPurpose(purpose)
        .setRecipient(Recipient.newBuilder().setPhone(phone).setEmail(Requests.EMAIL).build())
        .setNotAfter(notAfterSeconds == null ? null : NOW.plusSeconds(notAfterSeconds))
        .build();

    Optional<Refusal> refusal = SendingRules.firstRefusal(rules, outgoing(request));

    if (kind == null) {
      assertThat(refusal).isEmpty();
      return;
    }
    assertThat(refusal).hasValueSatisfying(r -> {
      assertThat(r.kind()).isEqualTo(kind);
      assertThat(r.status()).isEqualTo(status);
      assertThat(r.failure()).isEqualTo(failure);
      assertThat(r.permanent()).isEqualTo(failure == FailureKind.PERMANENT);
      assertThat(r.reason()).isNotBlank().doesNotContain(MOBILE).doesNotContain(OPTED_OUT).doesNotContain(LANDLINE);
    });
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', textBlock = """
      EXPIRED             | not sent: its time had passed (notAfter 2026-05-02T14:00:00Z)
      INVALID_RECIPIENT   | the phone number is a landline; SMS needs a mobile number
      SUPPRESSED          | not sent: the recipient opted out of WhatsApp and SMS
      OVER_WHATSAPP_LIMIT | not sent: the hospital's WhatsApp sender reached its limit of 1 unique recipients in 24 h
      NO_PROVIDER         | no provider is configured for EMAIL
      """)
  void each_refusal_says_why_in_words_an_operator_can_act_on(Refusal.Kind kind, String reason) {
    UniqueRecipientLimit whatsapp = new UniqueRecipientLimit(h -> OptionalInt.of(1), UnaryOperator.identity());
    whatsapp.sent("HCHM", REACHED, NOW.minusSeconds(60));
    ContactRequest.Builder request = switch (kind) {
      case EXPIRED -> Requests.request("R-1", "HCHM", "reminder", Channel.SMS).setNotAfter(NOW);
      case INVALID_RECIPIENT -> Requests.request("R-1", "HCHM", "reminder", Channel.SMS)
          .setRecipient(Recipient.newBuilder().setPhone(LANDLINE).build());
      case SUPPRESSED -> Requests.request("R-1", "HCHM", "reminder", Channel.SMS)
          .setRecipient(Recipient.newBuilder().setPhone(OPTED_OUT).build());
      case OVER_WHATSAPP_LIMIT -> Requests.request("R-1", "HCHM", "reminder", Channel.WHATSAPP);
      case NO_PROVIDER -> Requests.request("R-1", "HCHM", "reminder", Channel.EMAIL);
    };

    Optional<Refusal> refusal = SendingRules.firstRefusal(
        SendingRules.all(OPTED_OUT::equals, whatsapp, Set.of(Channel.WHATSAPP, Channel.SMS)),
        outgoing(request.build()));

    assertThat(refusal).map(Refusal::kind).hasValue(kind);
    assertThat(refusal).map(Refusal::reason).hasValue(reason);
  }

  private OutgoingRequest outgoing(ContactRequest request) {
    return new OutgoingRequest(request, recipients.check(request.getChannel(), request.getRecipient().getPhone(),
        request.getRecipient().getEmail()), NOW);
  }
}
