package org.contactability.console.domain;

import java.util.List;
import java.util.Optional;

/**
 * The outcomes for one query: its tables, and the hospitals, specialties, sites and kinds known, for
 * the filters.
 */
public record OutcomeReport(OutcomeQuery query, List<OutcomeTable> tables, Dimensions dimensions) {

  public OutcomeReport {
    tables = List.copyOf(tables);
  }

  /** What the filters may choose from. */
  public record Dimensions(List<String> hospitals, List<String> specialties, List<Site> sites,
      List<AppointmentKind> kinds) {
  }

  /** A site: its HIS id and, when the view named it, its name. */
  public record Site(String id, String name) {
  }

  public Optional<OutcomeTable> table(String id) {
    return tables.stream().filter(t -> t.id().equals(id)).findFirst();
  }
}
