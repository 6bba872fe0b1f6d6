package org.contactability.response.domain;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReplyParserTest {

  final ReplyParser parser = new ReplyParser();

  @ParameterizedTest(name = "\"{0}\" is a yes")
  @ValueSource(strings = {"si", "sí", "Sí", "SI", "sí!!", "¡Sí!", " si. ", "Si, gracias", "si si", "ok", "OK.",
      "Okey", "dale", "confirmo", "Confirmo", "CONFIRMO!", "confirmar", "Confirmo mi hora",
      "Sí, confirmo mi asistencia", "ok gracias", "👍", "👍🏽", "✅", "acepto", "Acepto la hora", "confírmo"})
  void these_are_a_yes(String text) {
    assertThat(parser.parse(text)).isEqualTo(Reply.YES);
  }

  @ParameterizedTest(name = "\"{0}\" is a no")
  @ValueSource(strings = {"no", "No", "NO.", "no gracias", "cancelar", "Cancelar", "CANCELAR", "cancelo",
      "anular", "Anular cita", "quiero cancelar mi hora", "No, cancelar", "no puedo ir, cancelo", "rechazo",
      "anulación", "cancélela"})
  void these_are_a_no(String text) {
    assertThat(parser.parse(text)).isEqualTo(Reply.NO);
  }

  @ParameterizedTest(name = "\"{0}\" is number {1}")
  @CsvSource({"1,1", "2,2", " 1 ,1", "1.,1", "2!,2", "3,3", "'1, gracias',1", "(2),2"})
  void bare_numbers_are_numbers(String text, int number) {
    assertThat(parser.parse(text)).isEqualTo(new Reply.Number(number));
  }

  @ParameterizedTest(name = "\"{0}\" is an opt-out")
  @ValueSource(strings = {"STOP", "stop", "Stop.", "BAJA", "baja", "Baja por favor", "darme de baja",
      "quiero darme de baja"})
  void stop_and_baja_opt_out(String text) {
    assertThat(parser.parse(text)).isEqualTo(Reply.OPT_OUT);
  }

  @ParameterizedTest(name = "\"{0}\" is a courtesy")
  @ValueSource(strings = {"gracias", "Muchas gracias!", "mil gracias"})
  void thanks_is_a_courtesy(String text) {
    assertThat(parser.parse(text)).isEqualTo(Reply.COURTESY);
  }

  @ParameterizedTest(name = "\"{0}\" is not understood")
  @ValueSource(strings = {"", "   ", "hola", "¿qué hora era?", "si pero el martes", "no sé", "no confirmo",
      "no quiero cancelar", "si, cancelar", "confirmo, no, cancelar", "1 2", "puedo cambiar la hora para otro día",
      "quiero confirmar pero también quiero saber si puedo llevar a mi hija conmigo ese día",
      "la baja de presión", "...", "🙂"})
  void these_are_not_understood(String text) {
    assertThat(parser.parse(text)).isEqualTo(Reply.UNRECOGNISED);
  }

  @org.junit.jupiter.api.Test
  void nothing_is_not_understood() {
    assertThat(parser.parse(null)).isEqualTo(Reply.UNRECOGNISED);
  }

  @Property
  void case_and_surrounding_punctuation_never_change_the_reading(
      @ForAll("answers") String answer, @ForAll boolean upper, @ForAll("punctuation") String around) {
    String variant = around + (upper ? answer.toUpperCase(java.util.Locale.ROOT) : answer) + around;

    assertThat(parser.parse(variant)).isEqualTo(parser.parse(answer));
  }

  @Property
  void any_text_is_read_without_failing(@ForAll @StringLength(max = 200) String text) {
    assertThat(parser.parse(text)).isNotNull();
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> answers() {
    return net.jqwik.api.Arbitraries.of("si", "sí", "no", "confirmo", "cancelar", "anular", "ok", "1", "2", "baja",
        "stop", "gracias", "quiero cancelar mi hora", "hola");
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> punctuation() {
    return net.jqwik.api.Arbitraries.of("", " ", "!", "¡", ".", "...", "¿", "?", "  \n");
  }
}
