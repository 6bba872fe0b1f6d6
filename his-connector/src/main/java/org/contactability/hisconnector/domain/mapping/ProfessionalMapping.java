package org.contactability.hisconnector.domain.mapping;

import static org.contactability.hisconnector.domain.mapping.Names.or;

/** Where a HIS keeps its professionals ({@code ProfessionalRow}); defaults: {@code his.profesional}. */
public record ProfessionalMapping(String table, Columns columns) {

  public ProfessionalMapping {
    table = or(table, "his.profesional");
    columns = columns == null ? new Columns(null, null, null, null, null, null) : columns;
  }

  /** HIS column of each canonical field. */
  public record Columns(String id, String title, String givenNames, String paternalSurname, String maternalSurname,
      String specialty) {

    public Columns {
      id = or(id, "id");
      title = or(title, "titulo");
      givenNames = or(givenNames, "nombres");
      paternalSurname = or(paternalSurname, "apellido_paterno");
      maternalSurname = or(maternalSurname, "apellido_materno");
      specialty = or(specialty, "especialidad");
    }
  }
}
