package org.contactability.hisconnector.domain.mapping;

import static org.contactability.hisconnector.domain.mapping.Names.or;

/** Where a HIS keeps its sites ({@code SiteRow}); defaults: {@code his.sede}. */
public record SiteMapping(String table, Columns columns) {

  public SiteMapping {
    table = or(table, "his.sede");
    columns = columns == null ? new Columns(null, null, null, null, null) : columns;
  }

  /** HIS column of each canonical field. */
  public record Columns(String id, String hospitalCode, String name, String address, String commune) {

    public Columns {
      id = or(id, "id");
      hospitalCode = or(hospitalCode, "codigo_establecimiento");
      name = or(name, "nombre");
      address = or(address, "direccion");
      commune = or(commune, "comuna");
    }
  }
}
