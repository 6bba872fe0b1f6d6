package org.contactability.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class RutTest {

  // Check digits computed independently of this class (by hand and with a separate script).
  @ParameterizedTest(name = "\"{0}\" is {1}")
  @CsvSource(delimiter = '|', value = {
      "12.345.678-5    | 12345678-5",
      "12345678-5      | 12345678-5",
      "123456785       | 12345678-5",
      "'  12345678-5 ' | 12345678-5",
      "1.234.567-4     | 1234567-4",
      "1234567-4       | 1234567-4",
      "9.876.543-3     | 9876543-3",
      "10.000.013-K    | 10000013-K",
      "10000013-k      | 10000013-K",
      "10000013k       | 10000013-K",
      "10000004-0      | 10000004-0",
      "6-K             | 6-K",
      "1-9             | 1-9",
      "100-7           | 100-7",
      "99.999.999-9    | 99999999-9",
      "30.686.957-4    | 30686957-4",
      "012345678-5     | 12345678-5",
  })
  void parsesTheWaysPeopleWriteIt(String written, String normalized) {
    Rut rut = Rut.parse(written);

    assertThat(rut.normalized()).isEqualTo(normalized);
    assertThat(Rut.isValid(written)).isTrue();
  }

  @ParameterizedTest(name = "\"{0}\" has a wrong check digit")
  @ValueSource(strings = {"12.345.678-4", "12345678-K", "123456780", "10000013-0", "6-0", "1-1", "99999999-K"})
  void refusesAWrongCheckDigit(String written) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Rut.parse(written))
        .withMessage("RUT check digit does not match its number");
    assertThat(Rut.tryParse(written)).isEmpty();
  }

  @ParameterizedTest(name = "\"{0}\" is not a RUT")
  @ValueSource(strings = {
      "abc", "12.345.678", "12,345,678-5", "12.34.5678-5", "1234.5678-5", "12345678--5",
      "-5", "12345678-X", "12 345 678-5", "RUT 12345678-5", "12345678-55", "K", "٣٤٥-5"})
  void refusesGarbage(String written) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Rut.parse(written))
        .withMessageStartingWith("RUT must be digits");
  }

  @ParameterizedTest(name = "\"{0}\" is out of range")
  @ValueSource(strings = {"0-0", "00000000-0", "100000000-K", "123.456.789-2"})
  void refusesNumbersOutOfRange(String written) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Rut.parse(written))
        .withMessageStartingWith("RUT number must be between 1 and");
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "   "})
  void refusesMissingOrBlankText(String written) {
    assertThatIllegalArgumentException().isThrownBy(() -> Rut.parse(written)).withMessageContaining("RUT is");
    assertThat(Rut.isValid(written)).isFalse();
  }

  @Test
  void errorMessagesNeverRepeatTheInput() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Rut.parse("87654321-0"))
        .withMessageNotContaining("87654321")
        .withMessageNotContaining("654");
  }

  @ParameterizedTest(name = "{0} has check digit {1}")
  @CsvSource({"12345678,5", "1234567,4", "10000013,K", "10000004,0", "6,K", "1,9", "22222222,2", "8000000,6"})
  void computesTheCheckDigit(int number, char checkDigit) {
    assertThat(Rut.checkDigitOf(number)).isEqualTo(checkDigit);
    assertThat(Rut.of(number).checkDigit()).isEqualTo(checkDigit);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 100_000_000})
  void refusesToBuildFromANumberOutOfRange(int number) {
    assertThatIllegalArgumentException().isThrownBy(() -> Rut.of(number));
  }

  @Test
  void everyGeneratedRutParsesBackInEachWriting() {
    Random random = new Random(20_260_501L);
    for (int i = 0; i < 10_000; i++) {
      Rut rut = Rut.of(1 + random.nextInt(Rut.MAX_NUMBER));

      assertThat(Rut.parse(rut.normalized())).isEqualTo(rut);
      assertThat(Rut.parse(rut.dotted())).isEqualTo(rut);
      assertThat(Rut.parse(rut.normalized().replace("-", ""))).isEqualTo(rut);
      assertThat(Rut.parse(rut.dotted().toLowerCase())).isEqualTo(rut);
    }
  }

  @Test
  void anyOtherCheckDigitIsRefused() {
    Random random = new Random(7L);
    for (int i = 0; i < 1_000; i++) {
      Rut rut = Rut.of(1 + random.nextInt(Rut.MAX_NUMBER));
      for (char digit : "0123456789K".toCharArray()) {
        boolean matches = digit == rut.checkDigit();
        assertThat(Rut.isValid(rut.number() + "-" + digit)).isEqualTo(matches);
      }
    }
  }

  @Test
  void formatsWithAndWithoutDots() {
    Rut rut = Rut.parse("123456785");

    assertThat(rut.normalized()).isEqualTo("12345678-5");
    assertThat(rut.dotted()).isEqualTo("12.345.678-5");
    assertThat(Rut.of(6).dotted()).isEqualTo("6-K");
    assertThat(Rut.of(1_234).dotted()).isEqualTo("1.234-3");
  }

  @Test
  void toStringMasksAllButTheLastDigits() {
    assertThat(Rut.of(12_345_678)).hasToString("*****678-5");
    assertThat(Rut.of(1_234_567)).hasToString("****567-4");
    assertThat(Rut.of(6)).hasToString("***");
  }

  @Test
  void equalityIsByNumber() {
    assertThat(Rut.parse("12.345.678-5")).isEqualTo(Rut.parse("123456785")).hasSameHashCodeAs(Rut.of(12_345_678));
    assertThat(Rut.of(1)).isLessThan(Rut.of(2));
  }
}
