package org.contactability.response.adapters.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.contactability.contracts.common.Channel;
import org.contactability.response.application.InboundMessages.InboundMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a signed Twilio form must hold before anything is published from it. */
class TwilioFormsTest {

  final TwilioForms forms = new TwilioForms("CL");

  static Map<String, String> sms() {
    Map<String, String> params = new HashMap<>();
    params.put("MessageSid", "SM0123456789abcdef0123456789abcdef");
    params.put("From", "+56996123456");
    params.put("To", "+56422586400");
    params.put("Body", "1");
    return params;
  }

  @org.junit.jupiter.api.Test
  void twilios_own_sms_and_whatsapp_forms_are_read_as_they_come() {
    InboundMessage sms = ((TwilioForms.Valid<InboundMessage>) forms.message(sms())).value();
    assertThat(sms.channel()).isEqualTo(Channel.SMS);
    assertThat(sms.from()).isEqualTo("+56996123456");
    assertThat(sms.body()).isEqualTo("1");

    Map<String, String> tap = sms();
    tap.put("From", "whatsapp:+56996123456");
    tap.put("To", "whatsapp:+56422586400");
    tap.put("ButtonPayload", "CANCEL");
    tap.put("OriginalRepliedMessageSid", "SMfedcba9876543210fedcba9876543210");
    InboundMessage button = ((TwilioForms.Valid<InboundMessage>) forms.message(tap)).value();
    assertThat(button.channel()).isEqualTo(Channel.WHATSAPP);
    assertThat(button.buttonPayload()).isEqualTo("CANCEL");
    assertThat(button.repliedMessageSid()).isEqualTo("SMfedcba9876543210fedcba9876543210");
  }

  @org.junit.jupiter.api.Test
  void a_picture_without_text_and_a_short_code_as_our_number_are_still_messages() {
    Map<String, String> picture = sms();
    picture.put("Body", "");
    picture.put("NumMedia", "1");
    picture.put("To", "242424");
    assertThat(forms.message(picture)).isInstanceOf(TwilioForms.Valid.class);
  }

  @ParameterizedTest(name = "{0} = [{1}] is refused: {2}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "MessageSid | NULL | MessageSid is missing or not a Twilio id",
      "MessageSid | '' | MessageSid is missing or not a Twilio id",
      "MessageSid | <script>alert(1)</script> | MessageSid is missing or not a Twilio id",
      "MessageSid | SM 123 | MessageSid is missing or not a Twilio id",
      "From | NULL | From is missing or not a phone number in E.164 (whatsapp:+569... for WhatsApp)",
      "From | abc | From is missing or not a phone number in E.164 (whatsapp:+569... for WhatsApp)",
      "From | <script> | From is missing or not a phone number in E.164 (whatsapp:+569... for WhatsApp)",
      "From | 912345678 | From is missing or not a phone number in E.164 (whatsapp:+569... for WhatsApp)",
      "From | +56996123456<script> | From is missing or not a phone number in E.164 (whatsapp:+569... for WhatsApp)",
      "From | whatsapp: | From is missing or not a phone number in E.164 (whatsapp:+569... for WhatsApp)",
      "From | messenger:+56996123456 | From is missing or not a phone number in E.164 (whatsapp:+569... for WhatsApp)",
      "From | +1234567 | From is missing or not a phone number in E.164 (whatsapp:+569... for WhatsApp)",
      "To | NULL | To is missing or not a phone number in E.164 (whatsapp:+56... for WhatsApp)",
      "To | hospital | To is missing or not a phone number in E.164 (whatsapp:+56... for WhatsApp)",
      "To | whatsapp:+56422586400 | From and To are not on the same channel (both whatsapp: or neither)",
      "OriginalRepliedMessageSid | ../../etc | OriginalRepliedMessageSid is not a Twilio id"})
  void a_form_without_what_twilio_always_sends_is_refused_with_a_reason_that_quotes_nothing(String field,
      String value, String reason) {
    Map<String, String> params = sms();
    params.put(field, value);
    if (value == null) {
      params.remove(field);
    }

    assertThat(forms.message(params)).isEqualTo(new TwilioForms.Invalid<>(reason));
  }

  @org.junit.jupiter.api.Test
  void a_body_longer_than_whatsapp_allows_is_refused_but_4096_emoji_are_not() {
    Map<String, String> params = sms();
    params.put("Body", "😀".repeat(TwilioForms.MAX_BODY));
    assertThat(forms.message(params)).isInstanceOf(TwilioForms.Valid.class);
    params.put("Body", "x".repeat(TwilioForms.MAX_BODY + 1));
    assertThat(forms.message(params)).isEqualTo(new TwilioForms.Invalid<>("Body is longer than 4096 characters"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "no call | NULL | +56996123456 | NULL | CallSid is missing or not a Twilio id",
      "no number called | CA1 | NULL | NULL | To is missing or not a phone number in E.164",
      "a name for a number | CA1 | Juan | NULL | To is missing or not a phone number in E.164",
      "an inbound call without its caller | CA1 | +56996123456 | inbound | From is missing or not a phone number in E.164"})
  void a_key_press_without_its_call_or_patient_is_refused(String what, String callSid, String to, String direction,
      String reason) {
    Map<String, String> params = new HashMap<>();
    params.put("Digits", "1");
    params.put("CallSid", callSid);
    params.put("To", to);
    params.put("Direction", direction);

    assertThat(forms.keyPress(params)).isEqualTo(new TwilioForms.Invalid<>(reason));
  }

  @org.junit.jupiter.api.Test
  void a_key_press_names_the_number_called_or_for_an_inbound_call_the_caller() {
    Map<String, String> outbound = Map.of("CallSid", "CA1", "Digits", "2", "To", "+56996123456",
        "From", "+56422586400");
    assertThat(forms.keyPress(outbound)).isEqualTo(new TwilioForms.Valid<>(
        new TwilioForms.KeyPress("CA1", "2", "+56996123456")));
    Map<String, String> inbound = new HashMap<>(outbound);
    inbound.put("Direction", "inbound");
    inbound.put("From", "+56996765432");
    assertThat(forms.keyPress(inbound)).isEqualTo(new TwilioForms.Valid<>(
        new TwilioForms.KeyPress("CA1", "2", "+56996765432")));
  }

  @Property(tries = 500)
  void garbage_in_any_required_field_is_refused_with_a_fixed_reason(@ForAll("requiredFields") String field,
      @ForAll("garbage") String value) {
    Map<String, String> params = sms();
    params.put(field, value);

    TwilioForms.Read<InboundMessage> read = forms.message(params);

    assertThat(read).isInstanceOf(TwilioForms.Invalid.class);
    assertThat(((TwilioForms.Invalid<InboundMessage>) read).reason()).isIn(
        "MessageSid is missing or not a Twilio id",
        "From is missing or not a phone number in E.164 (whatsapp:+569... for WhatsApp)",
        "To is missing or not a phone number in E.164 (whatsapp:+56... for WhatsApp)",
        "From and To are not on the same channel (both whatsapp: or neither)");
  }

  @Provide
  Arbitrary<String> requiredFields() {
    return Arbitraries.of("MessageSid", "From", "To");
  }

  /** Strings that are none of the fields' shapes: markup, emoji, spaces, letters, control characters. */
  @Provide
  Arbitrary<String> garbage() {
    Arbitrary<String> anyText = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40)
        .filter(s -> s.chars().anyMatch(c -> !Character.isLetterOrDigit(c) && c != '+' && c != '-' && c != '_'));
    Arbitrary<String> markup = Arbitraries.of("<script>", "<b>1</b>", "\"><img src=x>", "' OR 1=1 --");
    Arbitrary<String> emoji = Arbitraries.of("😀", "+56 9 😀", "whatsapp:😀");
    return Arbitraries.oneOf(anyText, markup, emoji);
  }
}
