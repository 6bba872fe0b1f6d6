package org.contactability.console.domain;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One table of outcome figures: its columns, each with its definition, and one row per period (and
 * per channel or step where the table says so). Values are counts, shares (0..1, null when nothing
 * to divide by), hours or labels; none identifies a patient.
 */
public record OutcomeTable(String id, String title, String definition, List<Column> columns,
    List<Map<String, Object>> rows) {

  public OutcomeTable {
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
  }

  /** A column: its key in each row, its Spanish label, and what it counts. */
  public record Column(String key, String label, String definition) {
  }

  /** The first row whose fields hold every {@code key, value} pair given. */
  public Optional<Map<String, Object>> row(String... keyValues) {
    return rows.stream().filter(row -> {
      for (int i = 0; i + 1 < keyValues.length; i += 2) {
        if (!Objects.equals(String.valueOf(row.get(keyValues[i])), keyValues[i + 1])) {
          return false;
        }
      }
      return true;
    }).findFirst();
  }
}
