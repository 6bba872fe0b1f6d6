package org.contactability.his.reference;

import static org.contactability.his.reference.Require.text;

import java.time.LocalDate;
import java.util.Objects;
import org.contactability.common.Rut;

/**
 * A patient to register ({@code his.paciente}). The mobile phone is free text as a clerk types
 * it and is stored unchanged, even when it is not a valid number.
 */
public record NewPatient(
    Rut rut,
    String givenNames,
    String paternalSurname,
    String maternalSurname,
    LocalDate birthDate,
    String mobilePhone,
    String email) {

  public NewPatient {
    Objects.requireNonNull(rut, "rut");
    text(givenNames, "givenNames");
    text(paternalSurname, "paternalSurname");
  }
}
