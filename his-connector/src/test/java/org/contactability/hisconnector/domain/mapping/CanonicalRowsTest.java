package org.contactability.hisconnector.domain.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.AppointmentType;
import org.contactability.contracts.common.WaitlistStatus;
import org.contactability.contracts.his.AppointmentRow;
import org.contactability.contracts.his.PatientRow;
import org.contactability.contracts.his.WaitlistEntryRow;
import org.contactability.hisconnector.domain.mapping.UnmappableRowException.Problem;
import org.junit.jupiter.api.Test;

class CanonicalRowsTest {

  private final CanonicalRows rows = new CanonicalRows(HisMapping.reference());

  private PatientRow patientRow(Map<String, Object> row) {
    MappedRow<PatientRow> mapped = rows.patient(rows.row(HisEntity.PATIENTS, row));
    assertThat(mapped.unusable()).isEmpty();
    return mapped.value();
  }

  @Test
  void aReferencePatientIsNormalised() {
    PatientRow patient = patientRow(patient("  9 8765 4321 ", "12.345.678-5"));

    assertThat(patient.getId()).isEqualTo("7");
    assertThat(patient.getRut()).isEqualTo("12345678-5");
    assertThat(patient.getGivenNames()).isEqualTo("Juan Dionisio");
    assertThat(patient.getMaternalSurname()).isNull();
    assertThat(patient.getMobilePhone()).isEqualTo("+56987654321");
    assertThat(patient.getLandlinePhone()).isNull();
    assertThat(patient.getEmail()).isNull();
    assertThat(patient.getBirthDate()).isEqualTo(LocalDate.of(1950, 3, 1));
  }

  @Test
  void aLandlineInTheMobileFieldIsKeptAsALandlineForVoiceCalls() {
    PatientRow patient = patientRow(patient("42 222 3344", "7654321-6"));

    assertThat(patient.getMobilePhone()).isNull();
    assertThat(patient.getLandlinePhone()).isEqualTo("+56422223344");
  }

  @Test
  void aPatientWithoutPhoneHasNoPhone() {
    PatientRow patient = patientRow(patient("   ", "12345678-5"));

    assertThat(patient.getMobilePhone()).isNull();
    assertThat(patient.getLandlinePhone()).isNull();
  }

  @Test
  void aPhoneThatIsNotAPhoneOnlyLeavesThePhoneOutAndSaysWhichColumnWithoutRepeatingIt() {
    Map<String, Object> row = patient("sin teléfono", "12345678-5");
    row.put("email", "Juan.Soto@Example.com");

    MappedRow<PatientRow> mapped = rows.patient(rows.row(HisEntity.PATIENTS, row));

    assertThat(mapped.value().getMobilePhone()).isNull();
    assertThat(mapped.value().getLandlinePhone()).isNull();
    assertThat(mapped.value().getEmail()).isEqualTo("juan.soto@example.com");
    assertThat(mapped.unusable()).singleElement().satisfies(contact -> {
      assertThat(contact.problem()).isEqualTo(Problem.BAD_PHONE);
      assertThat(contact.column()).isEqualTo("telefono_movil");
      assertThat(contact.reason()).isEqualTo("column telefono_movil of his.paciente is not a phone number (NOT_A_NUMBER)");
    });
  }

  @Test
  void anEmailThatIsNotAnEmailOnlyLeavesTheEmailOut() {
    Map<String, Object> row = patient("9 8765 4321", "12345678-5");
    row.put("email", "juan.soto@gmail");

    MappedRow<PatientRow> mapped = rows.patient(rows.row(HisEntity.PATIENTS, row));

    assertThat(mapped.value().getMobilePhone()).isEqualTo("+56987654321");
    assertThat(mapped.value().getEmail()).isNull();
    assertThat(mapped.unusable()).singleElement().satisfies(contact -> {
      assertThat(contact.problem()).isEqualTo(Problem.BAD_EMAIL);
      assertThat(contact.reason()).startsWith("column email of his.paciente is not an e-mail address")
          .doesNotContain("juan");
    });
  }

  @Test
  void aRutWithAWrongCheckDigitMakesTheRowUnmappable() {
    assertThatThrownBy(() -> rows.patient(rows.row(HisEntity.PATIENTS, patient(null, "12345678-9"))))
        .isInstanceOfSatisfying(UnmappableRowException.class, e -> {
          assertThat(e.problem()).isEqualTo(Problem.BAD_RUT);
          assertThat(e.getMessage()).doesNotContain("12345678");
        });
  }

  @Test
  void anAppointmentKeepsItsLocalTimeAndMapsItsCodes() {
    AppointmentRow appointment = rows.appointment(rows.row(HisEntity.APPOINTMENTS, appointment("CONFIRMADA")));

    assertThat(appointment.getId()).isEqualTo("42");
    assertThat(appointment.getPatientId()).isEqualTo("7");
    assertThat(appointment.getStartsAtLocal()).isEqualTo(LocalDateTime.of(2025, 5, 6, 10, 0));
    assertThat(appointment.getStatus()).isEqualTo(AppointmentStatus.CONFIRMED);
    assertThat(appointment.getType()).isEqualTo(AppointmentType.CONTROL);
    assertThat(appointment.getDurationMinutes()).isEqualTo(20);
    assertThat(appointment.getBookedAt()).isEqualTo(Instant.parse("2025-04-01T12:00:00Z"));
    assertThat(appointment.getWaitlistEntryId()).isNull();
  }

  @Test
  void anUnknownStatusCodeNamesTheCodeAndTheProperty() {
    assertThatThrownBy(() -> rows.appointment(rows.row(HisEntity.APPOINTMENTS, appointment("SUSPENDIDA"))))
        .isInstanceOfSatisfying(UnmappableRowException.class, e -> {
          assertThat(e.problem()).isEqualTo(Problem.UNKNOWN_CODE);
          assertThat(e.getMessage()).contains("SUSPENDIDA", "appointments.status-values");
        });
  }

  @Test
  void aMissingRequiredValueIsReported() {
    Map<String, Object> row = appointment("AGENDADA");
    row.put("fecha_hora", null);
    assertThatThrownBy(() -> rows.appointment(rows.row(HisEntity.APPOINTMENTS, row)))
        .isInstanceOfSatisfying(UnmappableRowException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.MISSING_VALUE));
  }

  @Test
  void aColumnTheTableDoesNotHaveIsReported() {
    Map<String, Object> row = appointment("AGENDADA");
    row.remove("especialidad");
    assertThatThrownBy(() -> rows.appointment(rows.row(HisEntity.APPOINTMENTS, row)))
        .isInstanceOfSatisfying(UnmappableRowException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.MISSING_COLUMN));
  }

  @Test
  void datesKeptAsTextAreReadInTheConfiguredPatternsAndBadOnesRejected() {
    Map<String, Object> row = appointment("AGENDADA");
    row.put("fecha_hora", "06/05/2025 10:30");
    assertThat(rows.appointment(rows.row(HisEntity.APPOINTMENTS, row)).getStartsAtLocal())
        .isEqualTo(LocalDateTime.of(2025, 5, 6, 10, 30));

    row.put("fecha_hora", "31/02/2025 10:30");
    assertThatThrownBy(() -> rows.appointment(rows.row(HisEntity.APPOINTMENTS, row)))
        .isInstanceOfSatisfying(UnmappableRowException.class, e -> assertThat(e.problem()).isEqualTo(Problem.BAD_DATE));
  }

  @Test
  void aWaitingListEntryMapsStatusFlagsAndDates() {
    Map<String, Object> row = new HashMap<>();
    row.put("id", 5L);
    row.put("paciente_id", 7L);
    row.put("codigo_establecimiento", "HCHM");
    row.put("especialidad", "Cardiología");
    row.put("tipo_prestacion", "PROCEDIMIENTO");
    row.put("profesional_id", null);
    row.put("sede_id", 3L);
    row.put("ges", true);
    row.put("fecha_limite_ges", LocalDate.of(2025, 6, 1));
    row.put("prioridad", (short) 2);
    row.put("fecha_ingreso", LocalDate.of(2025, 1, 10));
    row.put("estado", "CITADO");
    row.put("causal_egreso", null);
    row.put("actualizado_en", null);

    WaitlistEntryRow entry = rows.waitlistEntry(rows.row(HisEntity.WAITLIST, row));

    assertThat(entry.getStatus()).isEqualTo(WaitlistStatus.SCHEDULED);
    assertThat(entry.getAppointmentType()).isEqualTo(AppointmentType.PROCEDURE);
    assertThat(entry.getProfessionalId()).isNull();
    assertThat(entry.getSiteId()).isEqualTo("3");
    assertThat(entry.getGes()).isTrue();
    assertThat(entry.getClinicalPriority()).isEqualTo(2);
  }

  static Map<String, Object> patient(String phone, String rut) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", 7L);
    row.put("rut", rut);
    row.put("nombres", "Juan Dionisio");
    row.put("apellido_paterno", "Soto");
    row.put("apellido_materno", null);
    row.put("fecha_nacimiento", LocalDate.of(1950, 3, 1));
    row.put("telefono_movil", phone);
    row.put("email", " ");
    row.put("creado_en", OffsetDateTime.of(2025, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
    row.put("actualizado_en", null);
    return row;
  }

  static Map<String, Object> appointment(String status) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", 42L);
    row.put("paciente_id", 7L);
    row.put("profesional_id", 3L);
    row.put("sede_id", 1L);
    row.put("especialidad", "Medicina Interna");
    row.put("fecha_hora", LocalDateTime.of(2025, 5, 6, 10, 0));
    row.put("duracion_minutos", 20);
    row.put("tipo", "CONTROL");
    row.put("estado", status);
    row.put("motivo_anulacion", null);
    row.put("lista_espera_id", null);
    row.put("creada_en", Instant.parse("2025-04-01T12:00:00Z"));
    row.put("actualizada_en", null);
    return row;
  }
}
