package org.contactability.common.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaskTest {

  @ParameterizedTest
  @CsvSource(nullValues = "NULL", value = {
      "+56912345678, +569******78",
      "'+56 9 1234 5678', +569******78",
      "912345678, 912****78",
      "123, ***",
      "NULL, (none)"})
  void phones_keep_country_prefix_and_last_two_digits(String phone, String masked) {
    assertThat(Mask.phone(phone)).isEqualTo(masked);
  }

  @ParameterizedTest
  @CsvSource(nullValues = "NULL", value = {
      "juan.soto@gmail.com, j***@***.com",
      "not-an-email, ***",
      "NULL, (none)"})
  void emails_keep_first_letter_and_top_level_domain(String email, String masked) {
    assertThat(Mask.email(email)).isEqualTo(masked);
  }

  @ParameterizedTest
  @CsvSource({"12345678-5, *****678-5", "12.345.678-k, *****678-K", "7654321-0, ****321-0"})
  void ruts_keep_last_three_digits_and_check_digit(String rut, String masked) {
    assertThat(Mask.rut(rut)).isEqualTo(masked);
  }

  @ParameterizedTest
  @CsvSource({"Juan Dionisio Soto Cabrera, J. D. S. C.", "'  Ñuble  ', Ñ."})
  void names_become_initials(String name, String masked) {
    assertThat(Mask.name(name)).isEqualTo(masked);
  }

  @ParameterizedTest
  @CsvSource({"juan@x.cl, j***@***.cl", "+56912345678, +569******78"})
  void an_address_is_masked_as_what_it_is(String address, String masked) {
    assertThat(Mask.address(address)).isEqualTo(masked);
  }

  @ParameterizedTest
  @CsvSource({"'Hola Juan, su cita es mañana', '[text, 28 chars]'"})
  void texts_show_only_their_length(String text, String masked) {
    assertThat(Mask.text(text)).isEqualTo(masked).doesNotContain("Juan");
  }
}
