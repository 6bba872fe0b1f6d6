package org.contactability.common.hospital;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.contactability.common.hospital.HospitalProfile.Buttons;
import org.junit.jupiter.api.Test;

class HospitalProfilesTest {

  private final HospitalProfiles shipped = HospitalProfiles.shipped();

  @Test
  void the_shipped_file_names_chillan_and_la_serena_as_their_messages_do() {
    assertThat(shipped.hospitals()).containsExactly("HCHM", "HLS");
    assertThat(shipped.of("HCHM").name()).isEqualTo("Hospital de Chillán");
    assertThat(shipped.of("hls").name()).isEqualTo("Hospital de La Serena");
    assertThat(shipped.of("HLS").phone()).isEqualTo("+56 51 000 0000");
  }

  @Test
  void a_hospital_keeps_its_own_buttons_and_takes_the_rest_from_the_default_entry() {
    Buttons laSerena = shipped.of("HLS").buttons();
    assertThat(laSerena.title("CONFIRM")).contains("Confirmo");
    assertThat(laSerena.title("CANCEL")).contains("No podré asistir");
    assertThat(laSerena.title("ACCEPT_OFFER")).contains("Sí, tomo la hora");
    assertThat(shipped.of("HCHM").buttons().title("CONFIRM")).contains("Confirme su cita");
    assertThat(shipped.of("HCHM").buttons().title("SOMETHING_ELSE")).isEmpty();
  }

  @Test
  void a_hospital_without_an_entry_speaks_with_the_default_entry_which_names_no_hospital() {
    HospitalProfile unknown = shipped.of("XYZ");
    assertThat(unknown.name()).isNull();
    assertThat(unknown.phone()).isNull();
    assertThat(unknown.buttons().title("CANCEL")).contains("Cancele su cita");
    assertThat(shipped.of(null)).isEqualTo(unknown);
  }

  @Test
  void without_a_default_entry_a_hospital_has_only_what_it_sets() {
    HospitalProfiles profiles = new HospitalProfiles(Map.of("H1", new HospitalProfile("Hospital Uno", null, null)));
    assertThat(profiles.of("H1").buttons().title("CONFIRM")).isEmpty();
    assertThat(profiles.of("H2").name()).isNull();
  }

  @Test
  void a_button_title_longer_than_whatsapp_allows_is_refused() {
    assertThatThrownBy(() -> new Buttons("Confirme su asistencia a la cita", null, null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("20");
  }
}
