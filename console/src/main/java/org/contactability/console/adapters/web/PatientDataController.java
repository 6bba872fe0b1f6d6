package org.contactability.console.adapters.web;

import java.util.Map;
import java.util.regex.Pattern;

import org.contactability.common.privacy.UnreadablePatientData;
import org.contactability.common.security.AuditedRequests;
import org.contactability.console.application.ConsolePrivacy;
import org.contactability.console.application.ReadModel;
import org.contactability.console.domain.Fact;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * An operator's view of one patient's clear data ({@code POST /api/appointments/{appointmentId}/patient} with
 * {@code {"reason": "..."}}, docs/privacy.md): the console opens the sealed fields of the appointment's latest view,
 * answers them once with {@code Cache-Control: no-store}, and keeps nothing. Each view is an audit event with the
 * operator's reason, written before the answer leaves (no event, no data: 503). A POST, so that the reason travels in
 * the body and no browser or proxy keeps the answer. The reason may not hold a RUT or a phone number: it is kept in the
 * audit trail for years.
 */
@RestController
public class PatientDataController {

  static final int REASON_MIN = 5;
  static final int REASON_MAX = 200;
  /** Six digits or more in a row, once separators are dropped: a RUT, a phone, a card number. */
  private static final Pattern NUMBER = Pattern.compile("\\d{6,}");

  private final ReadModel model;
  private final ConsolePrivacy privacy;

  public PatientDataController(ReadModel model, ConsolePrivacy privacy) {
    this.model = model;
    this.privacy = privacy;
  }

  public record ViewRequest(String reason) {
  }

  @PostMapping("/api/appointments/{appointmentId}/patient")
  public ResponseEntity<?> view(@PathVariable("appointmentId") String appointmentId,
      @RequestBody(required = false) ViewRequest request, ServerWebExchange exchange) {
    String reason = request == null || request.reason() == null ? "" : request.reason().strip();
    if (reason.length() < REASON_MIN || reason.length() > REASON_MAX) {
      return error(HttpStatus.BAD_REQUEST, "Indique el motivo para ver los datos del paciente (entre " + REASON_MIN
          + " y " + REASON_MAX + " caracteres).");
    }
    if (NUMBER.matcher(reason.replaceAll("[\\s.\\-]", "")).find()) {
      return error(HttpStatus.BAD_REQUEST, "El motivo queda en la auditoría por años: escríbalo sin RUT ni teléfonos.");
    }
    exchange.getAttributes().put(AuditedRequests.REASON, reason);
    Fact.SealedPatient sealed = model.sealedPatient(appointmentId).orElse(null);
    if (sealed == null) {
      return error(HttpStatus.NOT_FOUND, "La consola no tiene los datos del paciente de la cita " + appointmentId
          + ": no conoce su vista, o su fecha está fuera de la ventana que guarda.");
    }
    exchange.getAttributes().put(AuditedRequests.PATIENT_ID, sealed.patientId());
    try {
      return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header("Pragma", "no-cache")
          .body(privacy.open(sealed));
    } catch (UnreadablePatientData e) {
      return error(e.erased() ? HttpStatus.GONE : HttpStatus.CONFLICT, e.erased()
          ? "Los datos de este paciente fueron borrados: ya no se pueden leer."
          : "Los datos de este paciente no se pueden abrir en esta consola (clave desconocida).");
    }
  }

  private static ResponseEntity<Map<String, String>> error(HttpStatus status, String message) {
    return ResponseEntity.status(status).cacheControl(CacheControl.noStore()).body(Map.of("error", message));
  }
}
