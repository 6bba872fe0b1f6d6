package org.contactability.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

class SiteAddressTest {

  @ParameterizedTest(name = "''{0}'' in ''{1}'' is written ''{2}''")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "Francisco Ramírez 10      | Chillán   | Francisco Ramírez 10, Chillán",
      "Francisco Ramírez 10.     | Chillán   | Francisco Ramírez 10, Chillán",
      "Francisco Ramírez 10, Chillán | Chillán | Francisco Ramírez 10, Chillán",
      "Av. Balmaceda 916, la serena | La Serena | Av. Balmaceda 916, la serena",
      "Francisco Ramírez 10, Chillan | Chillán | Francisco Ramírez 10, Chillan",
      "Francisco Ramirez 10, CHILLAN | Chillán | Francisco Ramirez 10, CHILLAN",
      "Francisco Ramírez 10, Chillán | CHILLAN | Francisco Ramírez 10, Chillán",
      "Francisco Ramirez 10      | Chillán   | Francisco Ramirez 10, Chillán",
      "Francisco Ramírez 10      | -         | Francisco Ramírez 10",
      "Francisco Ramírez 10      | '  '      | Francisco Ramírez 10",
  })
  void the_commune_follows_the_street_once(String street, String commune, String written) {
    assertThat(new SiteAddress(street, commune).written()).contains(written);
  }

  @Test
  void a_commune_written_with_a_combining_accent_is_the_same_commune() {
    assertThat(new SiteAddress("Francisco Ramírez 10, Chilla\u0301n", "Chillán").written())
        .contains("Francisco Ramírez 10, Chilla\u0301n");
    assertThat(new SiteAddress("Francisco Ramirez 10, Chillan", "Chilla\u0301n").written())
        .contains("Francisco Ramirez 10, Chillan");
  }

  @ParameterizedTest
  @CsvSource(nullValues = "-", value = {"-, Chillán", "'  ', Chillán", "., -"})
  void without_a_street_there_is_no_address_to_write(String street, String commune) {
    assertThat(new SiteAddress(street, commune).written()).isEmpty();
  }

  @Property(tries = 3000)
  void folding_drops_case_and_accents_as_decomposition_does(@ForAll("names") String name) {
    String reference =
        Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);

    assertThat(SiteAddress.folded(name)).isEqualTo(reference);
  }

  /** Mostly Latin-1 (how Chilean names are written), sometimes beyond it or already decomposed. */
  @Provide
  Arbitrary<String> names() {
    return Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(30)),
        Tuple.of(1, Arbitraries.strings().withCharRange('\u0000', '\u036f').ofMaxLength(30)),
        Tuple.of(1, Arbitraries.strings().all().ofMaxLength(30)));
  }
}
