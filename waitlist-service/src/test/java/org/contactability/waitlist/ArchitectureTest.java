package org.contactability.waitlist;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import org.contactability.testkit.architecture.ArchitectureRules;

/** The layering every module keeps (docs/architecture.md), on this module's main classes. */
@AnalyzeClasses(packages = "org.contactability.waitlist", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchTests layering = ArchTests.in(ArchitectureRules.class);
}
