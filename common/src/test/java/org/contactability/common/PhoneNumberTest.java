package org.contactability.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import org.contactability.common.PhoneNumber.InvalidPhoneNumberException;
import org.contactability.common.PhoneNumber.Kind;
import org.contactability.common.PhoneNumber.Problem;
import org.contactability.contracts.common.Channel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class PhoneNumberTest {

  @ParameterizedTest(name = "\"{0}\" is {1}, a {2}")
  @CsvSource(delimiter = '|', value = {
      // the ways Chilean clerks type a mobile
      "+56 9 6123 4567     | +56961234567 | MOBILE",
      "961234567           | +56961234567 | MOBILE",
      "+56961234567        | +56961234567 | MOBILE",
      "9 6123 4567         | +56961234567 | MOBILE",
      "56961234567         | +56961234567 | MOBILE",
      "9-6123-4567         | +56961234567 | MOBILE",
      "+56-9-6123-4567     | +56961234567 | MOBILE",
      "'  9 8765 4321  '   | +56987654321 | MOBILE",
      // as Twilio addresses a sender
      "whatsapp:+56987654321 | +56987654321 | MOBILE",
      "WhatsApp:+56987654321 | +56987654321 | MOBILE",
      "tel:+56422586400    | +56422586400 | LANDLINE",
      // landlines: Chillán, La Serena, Santiago
      "42 222 3344         | +56422223344 | LANDLINE",
      "(42) 258 6400       | +56422586400 | LANDLINE",
      "51 222 1234         | +56512221234 | LANDLINE",
      "+56 51 2 22 1234    | +56512221234 | LANDLINE",
      "2 2123 4567         | +56221234567 | LANDLINE",
      // other countries keep libphonenumber's own types
      "+34 612 345 678     | +34612345678 | MOBILE",
      "+34 912 345 678     | +34912345678 | LANDLINE",
      "+1 650 253 0000     | +16502530000 | MOBILE",
  })
  void reads_the_ways_numbers_are_written(String written, String e164, Kind kind) {
    PhoneNumber phone = PhoneNumber.parse(written, "CL");

    assertThat(phone.e164()).isEqualTo(e164);
    assertThat(phone.kind()).isEqualTo(kind);
    assertThat(PhoneNumber.tryParse(written, "CL")).contains(phone);
  }

  @Test
  void a_mobile_takes_every_phone_channel_and_a_landline_only_voice() {
    PhoneNumber mobile = PhoneNumber.parse("9 6123 4567", "CL");
    PhoneNumber landline = PhoneNumber.parse("42 222 3344", "CL");

    assertThat(mobile.channels()).containsExactlyInAnyOrder(Channel.WHATSAPP, Channel.SMS, Channel.VOICE);
    assertThat(mobile.isMobile()).isTrue();
    assertThat(landline.channels()).containsExactly(Channel.VOICE);
    assertThat(landline.reaches(Channel.SMS)).isFalse();
    for (PhoneNumber phone : List.of(mobile, landline)) {
      assertThat(phone.reaches(Channel.EMAIL)).isFalse();
      assertThat(phone.reaches(Channel.WEB)).isFalse();
    }
  }

  @Test
  void channel_addresses_are_those_twilio_expects() {
    PhoneNumber mobile = PhoneNumber.parse("9 6123 4567", "CL");

    assertThat(mobile.address(Channel.WHATSAPP)).isEqualTo("whatsapp:+56961234567");
    assertThat(mobile.address(Channel.SMS)).isEqualTo("+56961234567");
    assertThat(mobile.address(Channel.VOICE)).isEqualTo("+56961234567");
    assertThat(PhoneNumber.parse("42 222 3344", "CL").address(Channel.VOICE)).isEqualTo("+56422223344");
    assertThatIllegalArgumentException().isThrownBy(() -> PhoneNumber.parse("42 222 3344", "CL").address(Channel.SMS))
        .withMessage("a landline number cannot be reached on SMS");
    assertThatIllegalArgumentException().isThrownBy(() -> mobile.address(Channel.EMAIL));
  }

  @ParameterizedTest(name = "\"{0}\" is refused: {1}")
  @CsvSource(delimiter = '|', value = {
      "sin teléfono   | NOT_A_NUMBER   | is not a phone number (NOT_A_NUMBER)",
      "12345          | NOT_VALID      | is not a valid number for region CL (wrong length or prefix)",
      "09-1234567     | NOT_VALID      | is not a valid number for region CL (wrong length or prefix)",
      "9 6123 456     | NOT_VALID      | is not a valid number for region CL (wrong length or prefix)",
      "61234567       | NOT_VALID      | is not a valid number for region CL (wrong length or prefix)",
      "+56 9 1234 5678 | NOT_VALID     | is not a valid number for region CL (wrong length or prefix)",
      "+999 1234 5678 | NOT_A_NUMBER   | is not a phone number (INVALID_COUNTRY_CODE)",
      "800 123 456    | SERVICE_NUMBER | is a service number (toll free), not a person's phone",
      "600 360 7777   | SERVICE_NUMBER | is a service number (shared cost), not a person's phone",
      "whatsapp:      | EMPTY          | is empty",
      "'   '          | EMPTY          | is empty",
  })
  void refuses_what_is_no_patients_phone_without_repeating_it(String written, Problem problem, String message) {
    assertThatThrownBy(() -> PhoneNumber.parse(written, "CL"))
        .isInstanceOfSatisfying(InvalidPhoneNumberException.class, e -> {
          assertThat(e.problem()).isEqualTo(problem);
          assertThat(e.getMessage()).isEqualTo(message);
          if (!written.isBlank()) {
            assertThat(e.getMessage()).doesNotContain(written.strip());
          }
        });
    assertThat(PhoneNumber.tryParse(written, "CL")).isEmpty();
  }

  @ParameterizedTest
  @NullSource
  void a_missing_number_is_empty(String missing) {
    assertThatThrownBy(() -> PhoneNumber.parse(missing, "CL"))
        .isInstanceOfSatisfying(InvalidPhoneNumberException.class, e -> assertThat(e.problem()).isEqualTo(Problem.EMPTY));
  }

  @ParameterizedTest
  @ValueSource(strings = {"XX", "", "Chile"})
  void an_unknown_region_is_a_configuration_error(String region) {
    assertThatIllegalArgumentException().isThrownBy(() -> PhoneNumber.requireRegion(region))
        .withMessageContaining("unknown phone region");
    assertThatIllegalArgumentException().isThrownBy(() -> PhoneNumber.parse("961234567", region));
  }

  @Test
  void the_region_is_read_in_any_case_and_decides_national_numbers() {
    assertThat(PhoneNumber.requireRegion(" cl ")).isEqualTo("CL");
    assertThat(PhoneNumber.parse("612 345 678", "es").e164()).isEqualTo("+34612345678");
    assertThat(PhoneNumber.DEFAULT_REGION).isEqualTo("CL");
  }

  @Test
  void to_string_is_masked_and_equality_is_by_number() {
    PhoneNumber phone = PhoneNumber.parse("+56 9 6123 4567", "CL");

    assertThat(phone).hasToString("+569******67");
    assertThat(phone).isEqualTo(PhoneNumber.parse("whatsapp:+56961234567", "CL"))
        .hasSameHashCodeAs(PhoneNumber.parse("961234567", "CL"))
        .isNotEqualTo(PhoneNumber.parse("+56961234568", "CL"));
  }

  // ------------------------------------------------------------------ properties

  /** Nine national digits of a Chilean mobile, in ranges libphonenumber 9 holds valid throughout. */
  @Provide
  Arbitrary<String> chileanMobiles() {
    return Combinators.combine(Arbitraries.of("92", "94", "95", "98"), Arbitraries.strings().numeric().ofLength(7))
        .as((head, rest) -> head + rest);
  }

  /** Nine national digits of a landline: an area code of the regions (Chillán 42, La Serena 51, ...) and 2XX XXXX. */
  @Provide
  Arbitrary<String> chileanLandlines() {
    return Combinators.combine(Arbitraries.of("42", "51", "32", "41", "45", "55", "71"),
        Arbitraries.strings().numeric().ofLength(6)).as((area, rest) -> area + "2" + rest);
  }

  @Provide
  Arbitrary<String> writings() {
    return Arbitraries.of("+56 %s", "%s", "+56%s", "56%s", "whatsapp:+56%s", "tel:+56%s", "  %s  ", "+56-%s");
  }

  @Property(tries = 2000)
  void every_writing_of_a_mobile_is_the_same_mobile(@ForAll("chileanMobiles") String national,
      @ForAll("writings") String writing) {
    PhoneNumber phone = PhoneNumber.parse(String.format(Locale.ROOT, writing, spaced(national)), "CL");

    assertThat(phone.e164()).isEqualTo("+56" + national);
    assertThat(phone.kind()).isEqualTo(Kind.MOBILE);
    assertThat(PhoneNumber.parse(phone.e164(), "CL")).isEqualTo(phone);
    assertThat(PhoneNumber.parse(phone.address(Channel.WHATSAPP), "CL")).isEqualTo(phone);
    assertThat(phone.toString()).doesNotContain(national.substring(2, 7));
  }

  @Property(tries = 1000)
  void every_landline_is_reached_by_voice_alone(@ForAll("chileanLandlines") String national,
      @ForAll("writings") String writing) {
    PhoneNumber phone = PhoneNumber.parse(String.format(Locale.ROOT, writing, spaced(national)), "CL");

    assertThat(phone.e164()).isEqualTo("+56" + national);
    assertThat(phone.channels()).isEqualTo(Set.of(Channel.VOICE));
    assertThat(phone.toString()).doesNotContain(national.substring(2, 7));
  }

  @Property(tries = 3000)
  void any_text_is_a_number_or_a_reason_that_does_not_repeat_it(@ForAll String text) {
    try {
      PhoneNumber phone = PhoneNumber.parse(text, "CL");
      assertThat(phone.e164()).matches("\\+[1-9]\\d{6,14}");
      assertThat(phone.channels()).contains(Channel.VOICE);
    } catch (InvalidPhoneNumberException invalid) {
      if (text != null && text.strip().length() > 3) {
        assertThat(invalid.getMessage()).doesNotContain(text.strip());
      }
    }
  }

  @Property(tries = 1000)
  void digits_around_a_valid_number_never_make_another_valid_number_silently(
      @ForAll("chileanMobiles") String national) {
    // One digit short is refused, never read as some other person's number.
    assertThat(PhoneNumber.tryParse(national.substring(1), "CL")).isEmpty();
  }

  @Property(tries = 3000)
  void a_number_is_refused_as_not_valid_exactly_when_libphonenumber_holds_it_invalid(
      @ForAll("countryCodes") String countryCode, @ForAll("nationalDigits") String national) {
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    String text = "+" + countryCode + national;
    com.google.i18n.phonenumbers.Phonenumber.PhoneNumber parsed;
    try {
      parsed = util.parse(text, "CL");
    } catch (NumberParseException notANumber) {
      assertThatThrownBy(() -> PhoneNumber.parse(text, "CL")).isInstanceOf(InvalidPhoneNumberException.class)
          .extracting(e -> ((InvalidPhoneNumberException) e).problem()).isEqualTo(Problem.NOT_A_NUMBER);
      return;
    }
    try {
      PhoneNumber.parse(text, "CL");
      assertThat(util.isValidNumber(parsed)).as(text).isTrue();
    } catch (InvalidPhoneNumberException invalid) {
      assertThat(invalid.problem() == Problem.NOT_VALID).as(text).isEqualTo(!util.isValidNumber(parsed));
    }
  }

  @Provide
  Arbitrary<String> countryCodes() {
    return Arbitraries.of("56", "1", "44", "34", "54", "800", "979", "999");
  }

  @Provide
  Arbitrary<String> nationalDigits() {
    return Arbitraries.strings().numeric().ofMinLength(4).ofMaxLength(12);
  }

  private static String spaced(String national) {
    return national.charAt(0) + " " + national.substring(1, 5) + " " + national.substring(5);
  }
}
