package org.contactability.scheduler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.contactability.common.hospital.HospitalProfile;
import org.contactability.common.hospital.HospitalProfiles;
import org.contactability.scheduler.domain.PolicyCatalog;
import org.contactability.scheduler.domain.Profiles;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.ByteArrayResource;

/** The YAML the service ships binds to exactly the profiles the domain tests use. */
class ContactPoliciesBindingTest {

  private static SchedulerProperties bind(org.springframework.core.io.Resource... resources) throws IOException {
    StandardEnvironment environment = new StandardEnvironment();
    for (org.springframework.core.io.Resource resource : resources) {
      for (PropertySource<?> source : new YamlPropertySourceLoader().load(resource.getDescription(), resource)) {
        environment.getPropertySources().addFirst(source);
      }
    }
    return Binder.get(environment).bindOrCreate("scheduler", SchedulerProperties.class);
  }

  @Test
  void the_shipped_profiles_are_chillan_and_la_serena_as_specified() throws IOException {
    PolicyCatalog catalog = PolicyCatalogFactory.create(bind(new ClassPathResource("contact-policies.yml")),
        HospitalProfiles.shipped());

    assertThat(catalog.policy("chillan-cae")).contains(Profiles.chillan());
    assertThat(catalog.policy("la-serena-cdt")).contains(Profiles.laSerena());
    assertThat(catalog.hospital("HCHM").orElseThrow().zone()).isEqualTo(Profiles.SANTIAGO);
    assertThat(catalog.hospital("HLS").orElseThrow().defaultPolicy()).isEqualTo("la-serena-cdt");
  }

  @Test
  void rules_pick_a_policy_per_site_specialty_and_type() throws IOException {
    String yaml = """
        scheduler:
          hospitals:
            HCHM:
              zone: America/Santiago
              policy: chillan-cae
              rules:
                - { sites: ["Unidad de Oftalmología"], types: [PROCEDURE], policy: la-serena-cdt }
        """;
    PolicyCatalog catalog = PolicyCatalogFactory.create(bind(new ClassPathResource("contact-policies.yml"),
        new ByteArrayResource(yaml.getBytes(), "rules")), HospitalProfiles.shipped());

    var hospital = catalog.hospital("HCHM").orElseThrow();
    assertThat(hospital.policyFor("7", "Unidad de Oftalmología", "Oftalmología",
        org.contactability.contracts.common.AppointmentType.PROCEDURE)).isEqualTo("la-serena-cdt");
    assertThat(hospital.policyFor("7", "Unidad de Oftalmología", "Oftalmología",
        org.contactability.contracts.common.AppointmentType.CONTROL)).isEqualTo("chillan-cae");
  }

  @Test
  void a_hospital_naming_an_unknown_policy_fails_at_start_up_with_the_names() {
    SchedulerProperties properties = new SchedulerProperties("scheduler-service", null, null,
        Map.of("HX", new SchedulerProperties.HospitalProperties("America/Santiago", "nope", List.of())),
        Map.of());
    HospitalProfiles profiles = new HospitalProfiles(Map.of("HX", new HospitalProfile("Hospital X", null, null)));

    assertThatThrownBy(() -> PolicyCatalogFactory.create(properties, profiles))
        .hasMessageContaining("'HX'").hasMessageContaining("'nope'");
  }

  @Test
  void a_hospital_without_a_name_in_its_profile_fails_at_start_up_naming_the_property() {
    SchedulerProperties properties = new SchedulerProperties("scheduler-service", null, null,
        Map.of("HX", new SchedulerProperties.HospitalProperties("America/Santiago", "chillan-cae", List.of())),
        Map.of());

    assertThatThrownBy(() -> PolicyCatalogFactory.create(properties, HospitalProfiles.shipped()))
        .hasMessageContaining("contactability.hospitals.HX.name");
  }

  @Test
  void every_hospital_takes_its_name_and_phone_from_its_profile() throws IOException {
    PolicyCatalog catalog = PolicyCatalogFactory.create(bind(new ClassPathResource("contact-policies.yml")),
        HospitalProfiles.shipped());

    assertThat(catalog.hospital("HCHM").orElseThrow().name()).isEqualTo("Hospital de Chillán");
    assertThat(catalog.hospital("HLS").orElseThrow().phone()).isEqualTo("+56 51 000 0000");
  }
}
