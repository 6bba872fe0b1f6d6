package org.contactability.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.contactability.contracts.common.Channel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecipientsTest {

  private final Recipients recipients = new Recipients("CL");

  @ParameterizedTest(name = "{0} on {1} -> {2}")
  @CsvSource({
      "+56987654321, WHATSAPP, +56987654321",
      "+56 9 8765 4321, SMS, +56987654321",
      "9 8765 4321, SMS, +56987654321",
      "987654321, WHATSAPP, +56987654321",
      "whatsapp:+56987654321, WHATSAPP, +56987654321",
      "+56 42 258 6400, VOICE, +56422586400",
      "+34 612 345 678, SMS, +34612345678"})
  void valid_numbers_are_normalised_to_e164(String raw, Channel channel, String expected) {
    assertThat(recipients.check(channel, raw, null)).isEqualTo(new RecipientCheck.Valid(expected));
  }

  @ParameterizedTest(name = "''{0}'' on {1} -> ''{2}''")
  @CsvSource(value = {
      "+56 42 258 6400|WHATSAPP|is a landline; WHATSAPP needs a mobile number",
      "+56 42 258 6400|SMS|is a landline; SMS needs a mobile number",
      "800 123 456|VOICE|is a service number (toll free), not a person's phone",
      "12345|SMS|not a valid number for region CL",
      "+56 9 8765|VOICE|not a valid number for region CL",
      "no tengo|SMS|not a phone number",
      "|WHATSAPP|the request has no phone number for WHATSAPP"}, delimiter = '|')
  void invalid_numbers_are_refused_with_a_reason_that_does_not_repeat_the_number(String raw, Channel channel,
      String reason) {
    RecipientCheck check = recipients.check(channel, raw, null);

    assertThat(check).isInstanceOf(RecipientCheck.Invalid.class);
    String said = ((RecipientCheck.Invalid) check).reason();
    assertThat(said).contains(reason);
    if (raw != null) {
      assertThat(said).doesNotContain(raw.replace(" ", "")).doesNotContain(raw);
    }
  }

  @Test
  void e_mail_addresses_are_checked_and_lower_cased() {
    assertThat(recipients.check(Channel.EMAIL, null, "Juan.Soto@Example.CL"))
        .isEqualTo(new RecipientCheck.Valid("juan.soto@example.cl"));
    assertThat(recipients.check(Channel.EMAIL, null, "juan.soto@")).isInstanceOf(RecipientCheck.Invalid.class);
    assertThat(recipients.check(Channel.EMAIL, null, "Juan <juan@example.cl>")).isInstanceOf(RecipientCheck.Invalid.class);
    assertThat(recipients.check(Channel.EMAIL, "+56987654321", null))
        .isEqualTo(new RecipientCheck.Invalid("the request has no e-mail address for EMAIL"));
  }

  @Test
  void web_is_not_a_channel_to_send_on() {
    assertThat(recipients.check(Channel.WEB, "+56987654321", null)).isInstanceOf(RecipientCheck.Invalid.class);
  }

  @Test
  void addresses_for_the_sandbox_and_the_suppression_list_are_normalised_alike() {
    assertThat(recipients.normaliseAddress("9 8765 4321")).contains("+56987654321");
    assertThat(recipients.normaliseAddress("Juan.Soto@example.cl")).contains("juan.soto@example.cl");
    assertThat(recipients.normaliseAddress("nada")).isEmpty();
    assertThatThrownBy(() -> new Recipients("XX")).hasMessageContaining("unknown phone region");
    assertThat(recipients.check(Channel.VOICE, "42 222 3344", null)).isEqualTo(new RecipientCheck.Valid("+56422223344"));
  }
}
