package org.contactability.his.reference;

/** Kind of care, as the HIS codes it in {@code his.cita.tipo} and {@code his.lista_espera.tipo_prestacion}. */
public enum TipoPrestacion {
  /** First consultation with the specialty. */
  CONSULTA_NUEVA,
  /** Follow-up. */
  CONTROL,
  /** Procedure (exam, minor intervention). */
  PROCEDIMIENTO
}
