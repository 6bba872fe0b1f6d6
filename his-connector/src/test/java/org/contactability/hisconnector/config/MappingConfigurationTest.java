package org.contactability.hisconnector.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.AppointmentType;
import org.contactability.contracts.his.AppointmentRow;
import org.contactability.contracts.his.PatientRow;
import org.contactability.hisconnector.domain.mapping.CanonicalRows;
import org.contactability.hisconnector.domain.mapping.HisEntity;
import org.contactability.hisconnector.domain.mapping.HisMapping;
import org.contactability.hisconnector.domain.mapping.ValueMap;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/** The mapping is configuration: a HIS that names things differently is mapped by YAML alone. */
class MappingConfigurationTest {

  @Test
  void withoutConfigurationTheReferenceHisIsMapped() {
    HisConnectorProperties properties = bind(List.of());

    assertThat(properties.mapping()).isEqualTo(HisMapping.reference());
    assertThat(properties.mapping().appointments().table()).isEqualTo("his.cita");
    assertThat(properties.mapping().appointments().statusValues()).containsEntry("AGENDADA", AppointmentStatus.BOOKED);
    assertThat(properties.capture().replicaIdentityFull()).containsExactly(HisEntity.APPOINTMENTS, HisEntity.WAITLIST);
    assertThat(properties.writeback().platformSchema()).isEqualTo("contactabilidad");
  }

  @Test
  void anotherHisIsMappedFromYamlAlone() throws IOException {
    HisMapping mapping = bind(new YamlPropertySourceLoader().load("other",
        new ClassPathResource("other-his-mapping.yml"))).mapping();
    CanonicalRows rows = new CanonicalRows(mapping);

    Map<String, Object> agenda = new HashMap<>();
    agenda.put("AGE_ID", 90_001L);
    agenda.put("PAC_ID", 501L);
    agenda.put("MED_ID", 12L);
    agenda.put("POLI_ID", 3L);
    agenda.put("ESPECIALIDAD", "Oftalmología");
    agenda.put("FECHA_HORA_TXT", "06/05/2025 10:30");
    agenda.put("TIPO", "C");
    agenda.put("ESTADO", "20");
    AppointmentRow appointment = rows.appointment(rows.row(HisEntity.APPOINTMENTS, agenda));

    assertThat(appointment.getId()).isEqualTo("90001");
    assertThat(appointment.getStartsAtLocal()).isEqualTo(LocalDateTime.of(2025, 5, 6, 10, 30));
    assertThat(appointment.getStatus()).isEqualTo(AppointmentStatus.CONFIRMED);
    assertThat(appointment.getType()).isEqualTo(AppointmentType.CONTROL);
    assertThat(appointment.getDurationMinutes()).isEqualTo(15);
    assertThat(appointment.getCancellationReason()).isNull();
    assertThat(ValueMap.codeOf(mapping.appointments().statusValues(), AppointmentStatus.CANCELLED_BY_PATIENT))
        .contains("30");

    Map<String, Object> paciente = new HashMap<>();
    paciente.put("PAC_ID", 501L);
    paciente.put("RUN", "9.876.543-3");
    paciente.put("NOMBRES", "María Angélica");
    paciente.put("AP_PATERNO", "Fuentes");
    paciente.put("AP_MATERNO", "Rojas");
    paciente.put("CELULAR", "42 222 3344");
    paciente.put("FONO_FIJO", "+56 9 8765 4321");
    paciente.put("FEC_NAC", "14/03/1961");
    PatientRow patient = rows.patient(rows.row(HisEntity.PATIENTS, paciente)).value();

    assertThat(patient.getRut()).isEqualTo("9876543-3");
    assertThat(patient.getMobilePhone()).as("a mobile typed in the landline column").isEqualTo("+56987654321");
    assertThat(patient.getLandlinePhone()).as("a landline typed in the mobile column").isEqualTo("+56422223344");
    assertThat(patient.getEmail()).as("this HIS has no e-mail column").isNull();
    assertThat(patient.getBirthDate()).hasToString("1961-03-14");
    assertThat(mapping.sites().table()).as("what is not configured stays the reference").isEqualTo("his.sede");
  }

  private static HisConnectorProperties bind(List<PropertySource<?>> sources) {
    return new Binder(ConfigurationPropertySources.from(sources))
        .bindOrCreate("contactability.his-connector", HisConnectorProperties.class);
  }
}
