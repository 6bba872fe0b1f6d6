package org.contactability.testkit.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.AccessTarget.CodeUnitAccessTarget;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The layering every module keeps (docs/architecture.md), checked on its main classes. A module
 * applies all of them with one test class:
 *
 * <pre>{@code
 * @AnalyzeClasses(packages = "org.contactability.scheduler", importOptions = ImportOption.DoNotIncludeTests.class)
 * class ArchitectureTest {
 *   @ArchTest
 *   static final ArchTests layering = ArchTests.in(ArchitectureRules.class);
 * }
 * }</pre>
 *
 * A rule about packages a module does not have (no {@code domain}, no {@code adapters}) holds
 * there by having nothing to check.
 */
public final class ArchitectureRules {

  /** Where the one clock lives; the only code that may read the host's clock itself. */
  public static final String CLOCK_HOME = "org.contactability.common.time..";

  /** Root package of every module. */
  public static final String ROOT = "org.contactability";

  /**
   * Top-level packages under {@link #ROOT} that every module may use: libraries, not services
   * ({@code his} is the reference HIS, {@code contracts} the generated Avro classes).
   */
  public static final Set<String> SHARED = Set.of("common", "schemas", "contracts", "embedded", "his", "testkit");

  /** Top-level packages that put the services together, and so may use every one of them. */
  public static final Set<String> LAUNCHERS = Set.of("platform");

  private static final Set<String> DATE_TIME_TYPES = Set.of("java.time.Instant", "java.time.LocalDate",
      "java.time.LocalDateTime", "java.time.LocalTime", "java.time.ZonedDateTime", "java.time.OffsetDateTime",
      "java.time.OffsetTime", "java.time.Year", "java.time.YearMonth", "java.time.MonthDay");

  private ArchitectureRules() {
  }

  @ArchTest
  public static final ArchRule DOMAIN_AND_APPLICATION_ARE_PLAIN_JAVA = noClasses()
      .that().resideInAnyPackage(ROOT + "..domain..", ROOT + "..application..")
      .should().dependOnClassesThat().resideInAnyPackage(
          "org.springframework..", "org.apache.kafka..", "com.fasterxml.jackson..", "tools.jackson..",
          "java.sql..", "javax.sql..")
      .as("domain and application code uses no Spring, Kafka, Jackson or JDBC")
      .because("rules and use cases are plain Java, tested by tables; frameworks live in adapters and config")
      .allowEmptyShould(true);

  @ArchTest
  public static final ArchRule ADAPTERS_DO_NOT_USE_CONFIG = noClasses()
      .that().resideInAPackage(ROOT + "..adapters..")
      .should().dependOnClassesThat().resideInAPackage(ROOT + "..config..")
      .as("adapters never use the config package")
      .because("config wires adapters and hands them plain values; an adapter that reads settings"
          + " classes cannot be built without Spring's binding")
      .allowEmptyShould(true);

  @ArchTest
  public static final ArchRule TIME_COMES_FROM_THE_CLOCK = noClasses()
      .that().resideOutsideOfPackage(CLOCK_HOME)
      .should().accessTargetWhere(readsTheHostClock())
      .as("nothing but " + CLOCK_HOME + " reads the host's clock")
      .because("time is an input: every component takes the java.time.Clock it is given, which the"
          + " embedded platform and the tests move (System.nanoTime for elapsed time is fine)")
      .allowEmptyShould(true);

  @ArchTest
  public static final ArchRule SERVICES_STAY_APART = servicesStayApart(ROOT, SHARED, LAUNCHERS);

  /**
   * No service uses another service's classes: a class under {@code root.<area>} depends only on
   * its own area and the shared ones; only launchers depend on services.
   */
  public static ArchRule servicesStayApart(String root, Set<String> shared, Set<String> launchers) {
    return classes().should(new ArchCondition<JavaClass>("use only their own and shared classes") {
          @Override
          public void check(JavaClass item, ConditionEvents events) {
            String own = area(root, item.getPackageName());
            if (own == null || launchers.contains(own)) {
              return;
            }
            for (Dependency dependency : item.getDirectDependenciesFromSelf()) {
              String other = area(root, dependency.getTargetClass().getPackageName());
              if (other != null && !other.equals(own) && !shared.contains(other)) {
                events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()
                    + " (service '" + own + "' uses service '" + other + "')"));
              }
            }
          }
        })
        .as("no service uses another service's classes")
        .because("services talk through topics and HTTP; code they share belongs in common or schemas")
        .allowEmptyShould(true);
  }

  /** The first package name under {@code root}, or null outside it. */
  static String area(String root, String packageName) {
    if (!packageName.startsWith(root + ".")) {
      return null;
    }
    String rest = packageName.substring(root.length() + 1);
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  /**
   * Calls (and method references) that read the host's clock: {@code Clock.system*}, {@code now()}
   * of a date-time type without a {@code Clock}, {@code System.currentTimeMillis()},
   * {@code new Date()}.
   */
  static DescribedPredicate<JavaAccess<?>> readsTheHostClock() {
    return DescribedPredicate.describe("a read of the host's clock", access -> {
      AccessTarget target = access.getTarget();
      if (!(target instanceof CodeUnitAccessTarget codeUnit)) {
        return false;
      }
      String owner = target.getOwner().getName();
      String name = target.getName();
      var parameters = codeUnit.getRawParameterTypes();
      if (owner.equals("java.time.Clock")) {
        return name.startsWith("system");
      }
      if (DATE_TIME_TYPES.contains(owner) && name.equals("now")) {
        return parameters.isEmpty() || !parameters.get(0).isEquivalentTo(java.time.Clock.class);
      }
      if (owner.equals("java.lang.System")) {
        return name.equals("currentTimeMillis");
      }
      return owner.equals("java.util.Date") && name.equals(JavaConstructor.CONSTRUCTOR_NAME) && parameters.isEmpty();
    });
  }
}
