package org.contactability.scheduler.adapters.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;

import org.apache.kafka.common.errors.SerializationException;
import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.AppointmentType;
import org.junit.jupiter.api.Test;

class JoinRowSerdeTest {

  private static final Instant COMMIT = Instant.parse("2026-03-02T12:00:00.123456789Z");

  private final JoinedAppointment.Appointment appointment = new JoinedAppointment.Appointment("A1", "P1", "D1", "S1",
      "Medicina Interna", LocalDateTime.parse("2026-03-04T10:30"), 20, AppointmentType.CONTROL,
      AppointmentStatus.CONFIRMED, "W7", COMMIT.minusSeconds(60), COMMIT, "cita", 123_456_789L, 42L);
  private final JoinedAppointment.Site site = new JoinedAppointment.Site("S1", "HCHM", "Centro de Especialidades",
      "Av. Francisco Ramírez 10", "Chillán", COMMIT.minusSeconds(3_600));
  private final JoinedAppointment.Patient patient = new JoinedAppointment.Patient("P1", "sealed-rut", "sealed-given",
      "sealed-paternal", "sealed-maternal", "sealed-mobile", "sealed-email", LocalDate.parse("1948-02-29"),
      COMMIT.minusSeconds(7_200), "sealed-landline", "sealed-full-name");
  private final JoinedAppointment.Professional professional = new JoinedAppointment.Professional("D1", "Dra.",
      "Juanita", "Pérez", "Mellado", COMMIT.minusSeconds(86_400));

  @Test
  void every_row_and_join_reads_back_equal_to_what_was_written() {
    assertThat(roundTrip(JoinRowSerde.sites(), site)).isEqualTo(site);
    assertThat(roundTrip(JoinRowSerde.patients(), patient)).isEqualTo(patient);
    assertThat(roundTrip(JoinRowSerde.professionals(), professional)).isEqualTo(professional);
    assertThat(roundTrip(JoinRowSerde.appointments(), appointment)).isEqualTo(appointment);
    JoinedAppointment joined = new JoinedAppointment(appointment, site, patient, professional);
    assertThat(roundTrip(JoinRowSerde.joined(), joined)).isEqualTo(joined);
  }

  @Test
  void absent_parts_and_absent_fields_read_back_as_null() {
    JoinedAppointment.Appointment bare = new JoinedAppointment.Appointment("A2", "P2", "D1", "S1", null, null, 0,
        null, null, null, null, null, null, null, null);
    JoinedAppointment withoutPatient = new JoinedAppointment(bare, site, null, null);
    assertThat(roundTrip(JoinRowSerde.joined(), withoutPatient)).isEqualTo(withoutPatient);
    JoinedAppointment.Patient unknownBirth = new JoinedAppointment.Patient("P2", null, null, null, null, null, null,
        null, null, null, "sealed-full-name");
    assertThat(roundTrip(JoinRowSerde.patients(), unknownBirth)).isEqualTo(unknownBirth);
  }

  @Test
  void a_row_an_earlier_scheduler_stored_as_json_is_still_read() {
    JoinedAppointment joined = new JoinedAppointment(appointment, site, patient, professional);
    byte[] json = new JsonSerde<>(JoinedAppointment.class).serializer().serialize("join", joined);
    assertThat(json[0]).isEqualTo((byte) '{');

    assertThat(JoinRowSerde.joined().deserializer().deserialize("join", json)).isEqualTo(joined);
  }

  @Test
  void a_patient_stored_as_json_before_landlines_and_sealed_names_reads_them_as_null() {
    byte[] json = """
        {"id":"P3","givenNames":"Juan Dionisio","paternalSurname":"Soto","maternalSurname":"Cabrera",\
        "mobilePhone":"+56912345678","birthDate":"1950-05-01","commitTime":"2026-03-02T12:00:00Z"}"""
        .getBytes(StandardCharsets.UTF_8);

    JoinedAppointment.Patient read = JoinRowSerde.patients().deserializer().deserialize("patients", json);

    assertThat(read.landlinePhone()).isNull();
    assertThat(read.birthDate()).isEqualTo(LocalDate.parse("1950-05-01"));
    assertThat(read.fullName()).isEqualTo("Juan Dionisio Soto Cabrera");
    // Written again, it is binary, and the name joined from its parts stays.
    JoinedAppointment.Patient again = roundTrip(JoinRowSerde.patients(), read);
    assertThat(again.fullName()).isEqualTo("Juan Dionisio Soto Cabrera");
    assertThat(again.mobilePhone()).isEqualTo("+56912345678");
  }

  @Test
  void the_binary_form_is_smaller_than_the_json_it_replaces() {
    JoinedAppointment joined = new JoinedAppointment(appointment, site, patient, professional);
    byte[] binary = JoinRowSerde.joined().serializer().serialize("join", joined);
    byte[] json = new JsonSerde<>(JoinedAppointment.class).serializer().serialize("join", joined);

    assertThat(binary[0]).isEqualTo((byte) 1);
    assertThat(binary.length).isLessThan(json.length);
  }

  @Test
  void an_unknown_format_version_and_a_cut_value_are_refused_with_a_clear_reason() {
    byte[] bytes = JoinRowSerde.sites().serializer().serialize("sites", site);
    byte[] newer = bytes.clone();
    newer[0] = 9;
    assertThatThrownBy(() -> JoinRowSerde.sites().deserializer().deserialize("sites", newer))
        .isInstanceOf(SerializationException.class).hasMessageContaining("version 9").hasMessageContaining("Site");

    byte[] cut = Arrays.copyOf(bytes, bytes.length - 5);
    assertThatThrownBy(() -> JoinRowSerde.sites().deserializer().deserialize("sites", cut))
        .isInstanceOf(SerializationException.class).hasMessageContaining("Could not decode a Site");
  }

  private static <T> T roundTrip(JoinRowSerde<T> serde, T value) {
    return serde.deserializer().deserialize("store", serde.serializer().serialize("store", value));
  }
}
