package org.contactability.his.reference;

import java.time.Instant;
import java.time.LocalDate;

/** A waiting-list entry's current row in {@code his.lista_espera}. */
public record WaitlistEntryRecord(
    long id,
    long patientId,
    String hospitalCode,
    String specialty,
    TipoPrestacion careType,
    Long professionalId,
    Long siteId,
    boolean ges,
    LocalDate gesDeadline,
    int priority,
    LocalDate enteredOn,
    EstadoListaEspera status,
    String dischargeReason,
    Instant updatedAt) {
}
