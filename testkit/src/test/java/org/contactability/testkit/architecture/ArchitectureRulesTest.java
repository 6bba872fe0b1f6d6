package org.contactability.testkit.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.contactability.testkit.architecture.fixture.adapters.web.ControllerReadingConfig;
import org.contactability.testkit.architecture.fixture.adapters.web.ControllerWithPlainValues;
import org.contactability.testkit.architecture.fixture.application.JacksonInApplication;
import org.contactability.testkit.architecture.fixture.application.JdbcInApplication;
import org.contactability.testkit.architecture.fixture.clock.ReadsTheHostClock;
import org.contactability.testkit.architecture.fixture.config.FixtureProperties;
import org.contactability.testkit.architecture.fixture.domain.KafkaInDomain;
import org.contactability.testkit.architecture.fixture.domain.PlainPolicy;
import org.contactability.testkit.architecture.fixture.domain.SpringInDomain;
import org.contactability.testkit.architecture.fixture.services.alpha.AlphaService;
import org.contactability.testkit.architecture.fixture.services.beta.BetaService;
import org.contactability.testkit.architecture.fixture.services.launcher.Launcher;
import org.contactability.testkit.architecture.fixture.services.shared.SharedValue;
import org.junit.jupiter.api.Test;

/** Each rule of the set against small classes that break it and classes that keep it (fixture/). */
class ArchitectureRulesTest {

  @Test
  void domain_and_application_code_using_spring_kafka_jackson_or_jdbc_is_reported() {
    List<String> violations = violations(ArchitectureRules.DOMAIN_AND_APPLICATION_ARE_PLAIN_JAVA,
        SpringInDomain.class, KafkaInDomain.class, JacksonInApplication.class, JdbcInApplication.class,
        PlainPolicy.class);

    assertThat(violations).anyMatch(v -> v.contains(SpringInDomain.class.getName()) && v.contains("org.springframework"));
    assertThat(violations).anyMatch(v -> v.contains(KafkaInDomain.class.getName()) && v.contains("org.apache.kafka"));
    assertThat(violations).anyMatch(v -> v.contains(JacksonInApplication.class.getName()) && v.contains("tools.jackson"));
    assertThat(violations).anyMatch(v -> v.contains(JdbcInApplication.class.getName()) && v.contains("javax.sql"));
    assertThat(violations).noneMatch(v -> v.contains(PlainPolicy.class.getName()));
  }

  @Test
  void an_adapter_reading_a_config_class_is_reported_and_one_given_plain_values_is_not() {
    List<String> violations = violations(ArchitectureRules.ADAPTERS_DO_NOT_USE_CONFIG,
        ControllerReadingConfig.class, ControllerWithPlainValues.class, FixtureProperties.class);

    assertThat(violations).anyMatch(v -> v.contains(ControllerReadingConfig.class.getName())
        && v.contains(FixtureProperties.class.getName()));
    assertThat(violations).noneMatch(v -> v.contains(ControllerWithPlainValues.class.getName()));
  }

  @Test
  void every_way_of_reading_the_host_clock_is_reported_and_elapsed_time_or_a_given_clock_is_not() {
    List<String> violations = violations(ArchitectureRules.TIME_COMES_FROM_THE_CLOCK,
        ReadsTheHostClock.class, PlainPolicy.class);

    assertThat(violations).anyMatch(v -> v.contains("instantNow()") && v.contains("java.time.Instant.now()"));
    assertThat(violations).anyMatch(v -> v.contains("systemClock()") && v.contains("java.time.Clock.systemUTC()"));
    assertThat(violations).anyMatch(v -> v.contains("currentTimeMillis()") && v.contains("System.currentTimeMillis()"));
    assertThat(violations).anyMatch(v -> v.contains("todayIn(") && v.contains("java.time.LocalDate.now(java.time.ZoneId)"));
    assertThat(violations).anyMatch(v -> v.contains("instantNowReference()") && v.contains("java.time.Instant.now()"));
    assertThat(violations).anyMatch(v -> v.contains("newDate()") && v.contains("java.util.Date.<init>()"));
    assertThat(violations).noneMatch(v -> v.contains(PlainPolicy.class.getName()));
  }

  @Test
  void a_service_using_another_service_is_reported_while_shared_code_and_launchers_are_not() {
    ArchRule rule = ArchitectureRules.servicesStayApart("org.contactability.testkit.architecture.fixture.services",
        Set.of("shared"), Set.of("launcher"));

    List<String> violations = violations(rule, AlphaService.class, BetaService.class, SharedValue.class,
        Launcher.class);

    assertThat(violations).anyMatch(v -> v.contains(AlphaService.class.getName()) && v.contains(BetaService.class.getName())
        && v.contains("service 'alpha' uses service 'beta'"));
    assertThat(violations).allMatch(v -> v.contains("service 'alpha' uses service 'beta'"));
  }

  @Test
  void the_services_rule_sees_each_top_level_package_as_one_area() {
    assertThat(ArchitectureRules.area("org.contactability", "org.contactability.scheduler.adapters.kafka"))
        .isEqualTo("scheduler");
    assertThat(ArchitectureRules.area("org.contactability", "org.contactability.his.reference")).isEqualTo("his");
    assertThat(ArchitectureRules.area("org.contactability", "org.contactability.console")).isEqualTo("console");
    assertThat(ArchitectureRules.area("org.contactability", "org.apache.kafka.streams")).isNull();
    assertThat(ArchitectureRules.area("org.contactability", "org.contactabilityx.other")).isNull();
  }

  @Test
  void every_rule_of_the_set_is_shown_failing_above() {
    List<String> rules = Arrays.stream(ArchitectureRules.class.getDeclaredFields())
        .filter(f -> f.isAnnotationPresent(ArchTest.class) && Modifier.isStatic(f.getModifiers()))
        .map(Field::getName).toList();

    assertThat(rules).containsExactlyInAnyOrder("DOMAIN_AND_APPLICATION_ARE_PLAIN_JAVA", "ADAPTERS_DO_NOT_USE_CONFIG",
        "TIME_COMES_FROM_THE_CLOCK", "SERVICES_STAY_APART");
  }

  private static List<String> violations(ArchRule rule, Class<?>... classes) {
    JavaClasses imported = new ClassFileImporter().importClasses(classes);
    return rule.evaluate(imported).getFailureReport().getDetails();
  }
}
