package org.contactability.hisconnector.domain.mapping;

import static org.contactability.hisconnector.domain.mapping.Names.or;

/**
 * Where a HIS keeps its patients ({@code PatientRow}). Every name defaults to the reference HIS
 * ({@code his.paciente}); an empty column name says the HIS has no such column.
 */
public record PatientMapping(String table, Columns columns) {

  public PatientMapping {
    table = or(table, "his.paciente");
    columns = columns == null ? new Columns(null, null, null, null, null, null, null, null, null) : columns;
  }

  /**
   * HIS column of each canonical field. A phone is read from {@code mobilePhone} and, when the HIS
   * has one, {@code landlinePhone} (none in the reference HIS); each becomes the mobile or the
   * landline it turns out to be, whichever column it was typed in.
   */
  public record Columns(String id, String rut, String givenNames, String paternalSurname, String maternalSurname,
      String mobilePhone, String email, String birthDate, String landlinePhone) {

    public Columns {
      id = or(id, "id");
      rut = or(rut, "rut");
      givenNames = or(givenNames, "nombres");
      paternalSurname = or(paternalSurname, "apellido_paterno");
      maternalSurname = or(maternalSurname, "apellido_materno");
      mobilePhone = or(mobilePhone, "telefono_movil");
      email = or(email, "email");
      birthDate = or(birthDate, "fecha_nacimiento");
      landlinePhone = or(landlinePhone, "");
    }
  }
}
