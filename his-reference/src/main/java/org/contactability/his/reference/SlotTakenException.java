package org.contactability.his.reference;

/** The professional already has a live appointment at that time (index {@code cita_profesional_hora_vigente_uk}). */
public class SlotTakenException extends ReferenceHisException {

  public SlotTakenException(String message, String constraint) {
    super(message, constraint, null);
  }
}
