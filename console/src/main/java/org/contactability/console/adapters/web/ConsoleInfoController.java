package org.contactability.console.adapters.web;

import java.time.LocalDate;

import org.contactability.common.security.AuditedRequests;
import org.contactability.common.security.Role;
import org.contactability.console.adapters.jdbc.HisPatientDirectory;
import org.contactability.console.application.ClockControl;
import org.contactability.console.application.ReadModel;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/console}: what this console offers, so that the pages show only the parts that work here. */
@RestController
public class ConsoleInfoController {

  private final ReadModel model;
  private final boolean clockControl;
  private final boolean sandbox;
  private final boolean patients;
  private final int daysBefore;
  private final int showDaysAhead;

  public ConsoleInfoController(ReadModel model, SandboxSettings sandbox, ObjectProvider<ClockControl> clock,
      ObjectProvider<HisPatientDirectory> patients) {
    this.model = model;
    this.clockControl = clock.getIfAvailable() != null;
    this.sandbox = sandbox.enabled();
    this.patients = this.sandbox && patients.getIfAvailable() != null;
    this.daysBefore = model.bounds().daysBefore();
    this.showDaysAhead = model.bounds().showDaysAhead();
  }

  /**
   * @param clockControl the platform's clock can be moved ({@code /api/clock})
   * @param sandbox      the patient-phone page and {@code /api/sandbox/messages} work
   * @param patients     the patient-phone page can list the HIS's patients
   * @param role         the caller's highest role ({@code viewer}, {@code operator}, {@code administrator}), so that
   *                     the page offers only what it may do
   */
  public record ConsoleInfo(String zone, LocalDate today, int daysBefore, int showDaysAhead, boolean clockControl,
      boolean sandbox, boolean patients, String role) {
  }

  @GetMapping("/api/console")
  public ConsoleInfo info(Authentication caller) {
    Role role = caller == null ? null : AuditedRequests.highestRole(caller);
    return new ConsoleInfo(model.zone().getId(), model.today(), daysBefore, showDaysAhead, clockControl, sandbox,
        patients, role == null ? null : role.claimValue());
  }
}
