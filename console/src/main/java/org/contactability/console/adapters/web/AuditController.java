package org.contactability.console.adapters.web;

import java.util.List;

import org.contactability.console.application.ReadModel;
import org.contactability.console.domain.AuditEntry;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The recent audit trail ({@code GET /api/audit?who=&what=&patient=&limit=}), newest first: who saw a patient's clear
 * data, changed state or was refused. For administrators, and itself audited: a read of who read what is a read of
 * patient ids and of staff's acts.
 */
@RestController
public class AuditController {

  static final int DEFAULT_LIMIT = 200;
  static final int MAX_LIMIT = 1_000;

  private final ReadModel model;

  public AuditController(ReadModel model) {
    this.model = model;
  }

  /** @param dropped events too old for the console to list (still on the topic audit.events) */
  public record AuditPage(List<AuditEntry> events, long dropped) {
  }

  @GetMapping("/api/audit")
  public AuditPage audit(@RequestParam(name = "who", required = false) String who,
      @RequestParam(name = "what", required = false) String what,
      @RequestParam(name = "patient", required = false) String patient,
      @RequestParam(name = "limit", defaultValue = "" + DEFAULT_LIMIT) int limit) {
    return new AuditPage(model.audit(who, what, patient, Math.max(1, Math.min(limit, MAX_LIMIT))), model.auditDropped());
  }
}
