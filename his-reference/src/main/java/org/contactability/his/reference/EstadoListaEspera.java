package org.contactability.his.reference;

/** Waiting-list entry states, as the HIS codes them in {@code his.lista_espera.estado}. */
public enum EstadoListaEspera {
  /** Still waiting for an appointment. */
  EN_ESPERA,
  /** Given an appointment. */
  CITADO,
  /** Left the list; {@code causal_egreso} says why. */
  EGRESADO
}
