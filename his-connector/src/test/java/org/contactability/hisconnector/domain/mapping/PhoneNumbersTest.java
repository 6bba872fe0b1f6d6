package org.contactability.hisconnector.domain.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumbersTest {

  private final PhoneNumbers phones = new PhoneNumbers("CL", List.of("+569"));

  @ParameterizedTest(name = "''{0}'' is {1}")
  @CsvSource(delimiter = '|', value = {
      "+56 9 6123 4567 | +56961234567",
      "961234567       | +56961234567",
      "9 8765 4321     | +56987654321",
      "9-8765-4321     | +56987654321",
      "56961234567     | +56961234567",
      "+56-9-6123-4567 | +56961234567",
      "+34 612 345 678 | +34612345678"})
  void mobilesAsClerksTypeThemBecomeE164(String typed, String e164) {
    assertThat(phones.mobileE164(typed)).contains(e164);
  }

  @ParameterizedTest
  @ValueSource(strings = {"42 222 3344", "(2) 2345 6789", "800 123 456"})
  void aValidNumberThatIsNoMobileIsNoMobile(String typed) {
    assertThat(phones.mobileE164(typed)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sin teléfono", "12345", "09-1234567", "9 6123 456", "+56 9 1234"})
  void textThatIsNotAPhoneIsRejected(String typed) {
    assertThatThrownBy(() -> phones.mobileE164(typed)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining(typed);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void blankMeansNoPhone(String typed) {
    assertThat(phones.mobileE164(typed)).isEmpty();
  }
}
