package org.contactability.his.reference;

import java.util.Set;

/** Appointment states of the reference HIS, named as the HIS codes them in {@code his.cita.estado}. */
public enum EstadoCita {
  AGENDADA,
  CONFIRMADA,
  ANULADA_PACIENTE,
  ANULADA_ESTABLECIMIENTO,
  ATENDIDA,
  NO_SE_PRESENTA;

  /** States that hold the slot; the double-booking index covers exactly these. */
  public static final Set<EstadoCita> LIVE = Set.of(AGENDADA, CONFIRMADA);

  public boolean isLive() {
    return LIVE.contains(this);
  }
}
