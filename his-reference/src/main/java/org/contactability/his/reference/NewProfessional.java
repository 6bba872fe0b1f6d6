package org.contactability.his.reference;

import static org.contactability.his.reference.Require.text;

import org.contactability.common.Rut;

/** A health professional ({@code his.profesional}); the RUT and title may be missing. */
public record NewProfessional(
    Rut rut,
    String title,
    String givenNames,
    String paternalSurname,
    String maternalSurname,
    String specialty) {

  public NewProfessional {
    text(givenNames, "givenNames");
    text(paternalSurname, "paternalSurname");
    if (title != null && title.length() > 10) {
      throw new IllegalArgumentException("title must be at most 10 characters");
    }
  }
}
