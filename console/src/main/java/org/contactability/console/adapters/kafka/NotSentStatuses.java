package org.contactability.console.adapters.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.contactability.console.domain.NotSentReason;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.FailureKind;

/**
 * Reads why a message did not reach the patient from a delivery status: the notifier's failures by
 * kind and its opt-out suppressions, and the scheduler's SKIPPED statuses by their reason code
 * (docs/scheduler-service.md, "Skipped messages"). Also words those reasons in Spanish for the
 * timeline.
 */
final class NotSentStatuses {

  /** The scheduler's reason codes, as operators read them. */
  private static final Map<String, String> SKIP_REASONS = Map.ofEntries(
      Map.entry("missed", "no se envió a su hora (el programador no estaba corriendo) y pasó su plazo"),
      Map.entry("no-contactable-channel", "sin canal de contacto: el paciente no tiene teléfono ni correo"),
      Map.entry("patient-unreadable", "ficha del paciente ausente o ilegible (ver cartas muertas de his.patients)"),
      Map.entry("hospital-not-configured", "hospital no configurado en el programador"),
      Map.entry("no-time-left", "sin tiempo antes de su plazo fuera del horario de silencio"),
      Map.entry("booked-too-late", "agendada después de su hora, sin tiempo para responder"),
      Map.entry("superseded", "reemplazado por otro mensaje"),
      Map.entry("reached", "el paciente ya fue contactado"),
      Map.entry("confirmed", "el paciente ya había confirmado"),
      Map.entry("other-channel", "sin dirección para este canal; el paso va por sus otros canales"),
      Map.entry("channel-failed", "este canal ya falló para el paciente"),
      Map.entry("held-until-deadline", "retenido hasta su plazo sin que se supiera de una falla"));

  private NotSentStatuses() {
  }

  /** Why this status says a message did not reach the patient; empty when it does not say so. */
  static List<NotSentReason> reasons(ContactStatus status) {
    List<NotSentReason> reasons = new ArrayList<>();
    FailureKind failure = status.getFailure();
    switch (status.getStatus()) {
      case FAILED, UNDELIVERED, EXPIRED -> {
        // A status written before ContactStatus v4 only says whether the failure was permanent.
        FailureKind kind = failure != null ? failure : status.getPermanent() ? FailureKind.PERMANENT : null;
        if (kind != null) {
          reasons.add(failureReason(kind));
        }
      }
      case SUPPRESSED -> reasons.add(NotSentReason.OPTED_OUT);
      case SKIPPED -> {
        if (failure != null) {
          reasons.add(NotSentReason.SKIPPED);
        }
        String code = status.getErrorCode() == null ? "" : status.getErrorCode();
        switch (code) {
          case "no-contactable-channel" -> reasons.add(NotSentReason.NO_CONTACTABLE_CHANNEL);
          case "patient-unreadable" -> reasons.add(NotSentReason.PATIENT_UNREADABLE);
          case "hospital-not-configured" -> reasons.add(NotSentReason.HOSPITAL_NOT_CONFIGURED);
          default -> {
          }
        }
      }
      default -> {
      }
    }
    return reasons;
  }

  private static NotSentReason failureReason(FailureKind kind) {
    return switch (kind) {
      case TEMPORARY -> NotSentReason.TEMPORARY_FAILURE;
      case PERMANENT -> NotSentReason.PERMANENT_FAILURE;
      case TECHNICAL -> NotSentReason.TECHNICAL_FAILURE;
    };
  }

  /** "fallo temporal", "fallo permanente", "fallo técnico"; null when the status names no failure. */
  static String failure(ContactStatus status) {
    if (status.getFailure() == null) {
      return null;
    }
    return switch (status.getFailure()) {
      case TEMPORARY -> "fallo temporal";
      case PERMANENT -> "fallo permanente";
      case TECHNICAL -> "fallo técnico";
    };
  }

  /** The scheduler's reason code in words; the code itself when this console does not know it. */
  static String skipReason(String code) {
    return code == null ? "sin motivo" : SKIP_REASONS.getOrDefault(code, code);
  }

  static boolean skipped(ContactStatus status) {
    return status.getStatus() == DeliveryStatus.SKIPPED;
  }
}
