package org.contactability.console.adapters.web;

import java.util.List;
import java.util.Map;

import org.contactability.console.application.ReadModel;
import org.contactability.console.domain.AppointmentSummary;
import org.contactability.console.domain.Timeline;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Appointment search and timelines: {@code GET /api/appointments?q=<appointment id or RUT>} and
 * {@code GET /api/appointments/{appointmentId}/timeline}. Patient data comes masked.
 */
@RestController
public class AppointmentController {

  private final ReadModel model;

  public AppointmentController(ReadModel model) {
    this.model = model;
  }

  public record SearchResult(String query, List<AppointmentSummary> appointments) {
  }

  @GetMapping("/api/appointments")
  public ResponseEntity<?> search(@RequestParam(name = "q", required = false) String query) {
    if (query == null || query.isBlank()) {
      return ResponseEntity.badRequest().body(Map.of("error", "Indique el id de la cita o el RUT del paciente"));
    }
    return ResponseEntity.ok(new SearchResult(query.strip(), model.search(query)));
  }

  @GetMapping("/api/appointments/{appointmentId}/timeline")
  public ResponseEntity<?> timeline(@PathVariable("appointmentId") String id) {
    Timeline timeline = model.timeline(id).orElse(null);
    if (timeline == null) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "La consola no conoce la cita " + id
          + ": no existe, o su fecha está fuera de la ventana que la consola guarda"));
    }
    return ResponseEntity.ok(timeline);
  }
}
