package org.contactability.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class EmailAddressTest {

  @ParameterizedTest(name = "\"{0}\" is {1}")
  @CsvSource(delimiter = '|', value = {
      "juan.soto@example.cl          | juan.soto@example.cl",
      "Juan.Soto@Example.CL          | juan.soto@example.cl",
      "'  maria.fuentes@example.net ' | maria.fuentes@example.net",
      "ROSA.MUNOZ@EXAMPLE.ORG        | rosa.munoz@example.org",
      "a+b@mail.example.com          | a+b@mail.example.com",
  })
  void reads_an_address_in_lower_case(String written, String value) {
    EmailAddress email = EmailAddress.parse(written);

    assertThat(email.value()).isEqualTo(value);
    assertThat(EmailAddress.tryParse(written)).contains(email);
  }

  @ParameterizedTest(name = "\"{0}\" is refused")
  @ValueSource(strings = {"juan.soto@", "@example.cl", "juan soto@example.cl", "juan@localhost",
      "Juan <juan@example.cl>", "juan@example.cl, maria@example.cl", "sin correo", "juan@example.", "", "  "})
  void refuses_what_is_not_one_plain_address_without_repeating_it(String written) {
    assertThatIllegalArgumentException().isThrownBy(() -> EmailAddress.parse(written))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("juan").doesNotContain("sin correo"));
    assertThat(EmailAddress.tryParse(written)).isEmpty();
  }

  @ParameterizedTest
  @NullSource
  void a_missing_address_is_empty(String missing) {
    assertThatIllegalArgumentException().isThrownBy(() -> EmailAddress.parse(missing)).withMessage("is empty");
  }

  @Test
  void to_string_is_masked_and_equality_ignores_case() {
    assertThat(EmailAddress.parse("juan.soto@example.cl")).hasToString("j***@***.cl")
        .isEqualTo(EmailAddress.parse("JUAN.SOTO@example.cl"));
  }

  @Property(tries = 2000)
  void any_text_is_an_address_or_a_reason_that_does_not_repeat_it(@ForAll String text) {
    try {
      assertThat(EmailAddress.parse(text).value()).contains("@").doesNotContainPattern("\\s");
    } catch (IllegalArgumentException invalid) {
      if (text.strip().length() > 3) {
        assertThat(invalid.getMessage()).doesNotContain(text.strip());
      }
    }
  }
}
