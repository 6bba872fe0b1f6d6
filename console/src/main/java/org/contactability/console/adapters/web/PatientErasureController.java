package org.contactability.console.adapters.web;

import java.util.Map;

import org.contactability.common.security.AuditedRequests;
import org.contactability.console.application.ConsolePrivacy;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Erasure of a patient by crypto-shredding ({@code POST /api/patients/{patientId}/erasure}, docs/privacy.md): their
 * data keys are destroyed, so that what every topic and store holds about them can no longer be read. Answers 200 with
 * the number of keys destroyed; erasing again answers 200 with 0. It does not touch the HIS, the hospital's record.
 */
@RestController
public class PatientErasureController {

  private final ConsolePrivacy privacy;

  public PatientErasureController(ConsolePrivacy privacy) {
    this.privacy = privacy;
  }

  @PostMapping("/api/patients/{patientId}/erasure")
  public Map<String, Object> erase(@PathVariable("patientId") String patientId, Authentication operator) {
    int destroyed = privacy.erase(patientId, AuditedRequests.subject(operator));
    return Map.of("patientId", patientId, "erased", true, "keysDestroyed", destroyed,
        "message", "Datos del paciente " + patientId + " borrados: " + destroyed + " clave(s) destruida(s)."
            + " El HIS conserva su ficha.");
  }
}
