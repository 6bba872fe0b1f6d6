package org.contactability.his.reference;

import static org.contactability.his.reference.Require.text;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A waiting-list entry ({@code his.lista_espera}); professional and site are optional, the GES
 * deadline only exists for GES entries.
 */
public record NewWaitlistEntry(
    long patientId,
    String hospitalCode,
    String specialty,
    TipoPrestacion careType,
    Long professionalId,
    Long siteId,
    boolean ges,
    LocalDate gesDeadline,
    int priority,
    LocalDate enteredOn) {

  public NewWaitlistEntry {
    text(hospitalCode, "hospitalCode");
    text(specialty, "specialty");
    Objects.requireNonNull(careType, "careType");
    Objects.requireNonNull(enteredOn, "enteredOn");
    if (priority < 1 || priority > 5) {
      throw new IllegalArgumentException("priority must be 1 (most urgent) to 5");
    }
    if (!ges && gesDeadline != null) {
      throw new IllegalArgumentException("only a GES entry has a GES deadline");
    }
  }
}
