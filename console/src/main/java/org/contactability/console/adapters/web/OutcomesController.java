package org.contactability.console.adapters.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.contactability.console.application.ReadModel;
import org.contactability.console.domain.AppointmentKind;
import org.contactability.console.domain.OutcomePeriod;
import org.contactability.console.domain.OutcomeQuery;
import org.contactability.console.domain.OutcomeReport;
import org.contactability.console.domain.OutcomeTable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The outcomes: {@code GET /api/outcomes?period=week|month&hospital=&specialty=&site=&type=&from=&to=}
 * as JSON (every table with its columns' definitions), and {@code GET /api/outcomes.csv?table=<id>&...}
 * one table as CSV for a spreadsheet. Bad parameters get 400 with the reason in Spanish.
 */
@RestController
public class OutcomesController {

  private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

  private final ReadModel model;

  public OutcomesController(ReadModel model) {
    this.model = model;
  }

  /** @param caughtUp false while the console is still reading the topics' history: figures may still grow */
  public record OutcomesView(Instant generatedAt, String zone, boolean caughtUp, OutcomeQuery query,
      List<OutcomeTable> tables, OutcomeReport.Dimensions dimensions) {
  }

  @GetMapping("/api/outcomes")
  public ResponseEntity<?> outcomes(@RequestParam Map<String, String> parameters) {
    OutcomeQuery query;
    try {
      query = query(parameters);
    } catch (IllegalArgumentException e) {
      return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }
    OutcomeReport report = model.outcomes(query);
    return ResponseEntity.ok(new OutcomesView(model.now(), model.zone().getId(), model.caughtUp(), query,
        report.tables(), report.dimensions()));
  }

  @GetMapping("/api/outcomes.csv")
  public ResponseEntity<String> csv(@RequestParam Map<String, String> parameters) {
    OutcomeQuery query;
    try {
      query = query(parameters);
    } catch (IllegalArgumentException e) {
      return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body(e.getMessage());
    }
    String id = parameters.getOrDefault("table", "");
    OutcomeReport report = model.outcomes(query);
    return report.table(id)
        .map(table -> ResponseEntity.ok().contentType(CSV)
            .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename("resultados-" + table.id() + "-" + query.period().name().toLowerCase(Locale.ROOT) + ".csv")
                .build().toString())
            .body(Csv.of(table)))
        .orElseGet(() -> ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN)
            .body("Tabla desconocida: indique table=" + report.tables().stream().map(OutcomeTable::id)
                .collect(Collectors.joining(", table="))));
  }

  private static OutcomeQuery query(Map<String, String> parameters) {
    String period = parameters.getOrDefault("period", "week");
    OutcomePeriod grouping = switch (period) {
      case "week" -> OutcomePeriod.WEEK;
      case "month" -> OutcomePeriod.MONTH;
      default -> throw new IllegalArgumentException("period debe ser week o month, no " + period);
    };
    return new OutcomeQuery(grouping, blankIsNull(parameters.get("hospital")), blankIsNull(parameters.get("specialty")),
        blankIsNull(parameters.get("site")), kind(blankIsNull(parameters.get("type"))),
        date(parameters.get("from")), date(parameters.get("to")));
  }

  private static AppointmentKind kind(String type) {
    if (type == null) {
      return null;
    }
    try {
      return AppointmentKind.valueOf(type);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("type debe ser NEW_CONSULTATION, CONTROL, PROCEDURE u OTHER, no " + type);
    }
  }

  private static LocalDate date(String text) {
    if (blankIsNull(text) == null) {
      return null;
    }
    try {
      return LocalDate.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("Fecha inválida (AAAA-MM-DD): " + text);
    }
  }

  private static String blankIsNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }

  /** RFC 4180, with a byte-order mark so that a spreadsheet reads the accents of the headers as UTF-8. */
  static final class Csv {
    private Csv() {
    }

    static String of(OutcomeTable table) {
      StringBuilder out = new StringBuilder("\uFEFF");
      out.append(table.columns().stream().map(c -> field(c.label())).collect(Collectors.joining(","))).append("\r\n");
      for (Map<String, Object> row : table.rows()) {
        out.append(table.columns().stream().map(c -> field(row.get(c.key()))).collect(Collectors.joining(",")))
            .append("\r\n");
      }
      return out.toString();
    }

    private static String field(Object value) {
      String text = value == null ? "" : value.toString();
      return text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")
          ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
  }
}
