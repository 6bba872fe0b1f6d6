package org.contactability.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmsSegmentsTest {

  @ParameterizedTest(name = "{0} x ''{1}'' -> {2} {3} units, {4} segments")
  @CsvSource({
      "1, a, GSM_7, 1, 1",
      "160, a, GSM_7, 160, 1",
      "161, a, GSM_7, 161, 2",
      "306, a, GSM_7, 306, 2",
      "307, a, GSM_7, 307, 3",
      "80, €, GSM_7, 160, 1",
      "81, €, GSM_7, 162, 2",
      "70, á, UCS_2, 70, 1",
      "71, á, UCS_2, 71, 2",
      "134, á, UCS_2, 134, 2",
      "135, á, UCS_2, 135, 3"})
  void segments_follow_the_single_and_concatenated_limits_of_each_encoding(int count, String character,
      SmsEncoding encoding, int units, int segments) {
    SmsSegments counted = SmsSegments.of(character.repeat(count));

    assertThat(counted).isEqualTo(new SmsSegments(encoding, units, segments));
  }

  @Test
  void spanish_letters_of_the_gsm_alphabet_keep_gsm_7_but_one_acute_a_turns_the_whole_text_into_ucs_2() {
    assertThat(SmsSegments.of("Señor Pérez, ¿confirma? ¡Gracias!").encoding()).isEqualTo(SmsEncoding.GSM_7);
    assertThat(SmsSegments.of("Hospital de Chillán").encoding()).isEqualTo(SmsEncoding.UCS_2);
  }

  @Test
  void an_escaped_character_never_straddles_two_segments() {
    // 152 septets then '€' (2 septets): the escape pair moves whole to the second segment.
    String body = "a".repeat(152) + "€" + "a".repeat(10);

    SmsSegments counted = SmsSegments.of(body);

    assertThat(counted.units()).isEqualTo(164);
    assertThat(counted.segments()).isEqualTo(2);
    assertThat(SmsSegments.of("a".repeat(152) + "€" + "a".repeat(152)).segments()).isEqualTo(3);
  }

  @Test
  void an_emoji_takes_two_units_and_is_never_split() {
    String body = "á".repeat(66) + "😀" + "á".repeat(10);

    SmsSegments counted = SmsSegments.of(body);

    assertThat(counted.units()).isEqualTo(78);
    assertThat(counted.segments()).isEqualTo(2);
    assertThat(SmsSegments.of("á".repeat(66) + "😀" + "á".repeat(67)).segments()).isEqualTo(3);
  }

  @Test
  void the_chillan_reminder_costs_five_segments_with_accents_and_two_once_transliterated() {
    String sms = "Hola Juan Dionisio Soto Cabrera, el Hospital de Chillán le informa que tiene una cita este 6 de mayo,"
        + " a las 10:00 horas, con la Dra. Juanita Pérez Mellado de Medicina Interna, en el Centro de Especialidades."
        + " Confirme o cancele su asistencia aquí https://l.hchm.cl/r/AbCdEfGhIjKlMnOp";

    assertThat(SmsSegments.of(sms)).extracting(SmsSegments::encoding, SmsSegments::segments)
        .containsExactly(SmsEncoding.UCS_2, 5); // 282 characters, 67 per part
    String plain = Gsm7.transliterate(sms);
    assertThat(plain).contains("Chillan", "Pérez", "aqui");
    assertThat(SmsSegments.of(plain)).extracting(SmsSegments::encoding, SmsSegments::segments)
        .containsExactly(SmsEncoding.GSM_7, 2);
  }

  @ParameterizedTest(name = "''{0}'' -> ''{1}''")
  @CsvSource(value = {
      "árbol|arbol", "ÍNDICE|INDICE", "canción|cancion", "útil|util", "ñandú|ñandu", "¿Qué?|¿Qué?",
      "“hola”|\"hola\"", "a–b|a-b", "ç|c", "日本|??"}, delimiter = '|')
  void transliteration_keeps_gsm_letters_strips_accents_and_replaces_the_rest(String text, String expected) {
    assertThat(Gsm7.transliterate(text)).isEqualTo(expected);
  }

  @Property
  void transliterated_text_is_always_gsm_7_and_gsm_7_text_is_left_alone(@ForAll @StringLength(max = 400) String text) {
    String plain = Gsm7.transliterate(text);

    assertThat(Gsm7.canEncode(plain)).isTrue();
    if (Gsm7.canEncode(text)) {
      assertThat(plain).isEqualTo(text);
    }
  }

  @Property
  void segments_are_enough_to_hold_the_units(@ForAll @StringLength(min = 1, max = 600) String text) {
    SmsSegments counted = SmsSegments.of(text);
    int perSegment = counted.segments() == 1 ? counted.encoding().singleSegmentUnits()
        : counted.encoding().concatenatedSegmentUnits();

    assertThat(counted.segments() * perSegment).isGreaterThanOrEqualTo(counted.units());
    // A segment may end one unit short when an escape pair or a surrogate pair does not fit.
    assertThat((counted.segments() - 1) * (counted.encoding().concatenatedSegmentUnits() - 1)).isLessThan(counted.units());
  }
}
