package org.contactability.response.application;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumbersTest {

  final PhoneNumbers phones = new PhoneNumbers("CL");

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({"+56912345678,+56912345678", "whatsapp:+56912345678,+56912345678", "'9 1234 5678',+56912345678",
      "'+56 9 1234 5678',+56912345678", "tel:+56422586400,+56422586400", "'(42) 258 6400',+56422586400"})
  void numbers_meet_in_e164(String raw, String e164) {
    assertThat(phones.toE164(raw)).contains(e164);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "hola", "12", "whatsapp:"})
  void what_is_not_a_number_is_not_made_one(String raw) {
    assertThat(phones.toE164(raw)).isEmpty();
  }
}
