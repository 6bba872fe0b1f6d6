package org.contactability.response.adapters.web;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.contactability.common.SiteAddress;
import org.contactability.contracts.contact.MessageDetails;
import org.contactability.response.application.AnswerLinks;
import org.contactability.response.domain.Intent;
import org.contactability.response.domain.QuestionKind;

/** The words of the answer page (es-CL, tú as on the hospitals' web pages) for each state of a link. */
public final class AnswerPageModel {

  private static final Locale ES_CL = Locale.forLanguageTag("es-CL");
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEEE d 'de' MMMM 'de' yyyy", ES_CL);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", ES_CL);
  private static final DateTimeFormatter DEADLINE = DateTimeFormatter.ofPattern("EEEE d 'de' MMMM 'a las' HH:mm",
      ES_CL);

  public Map<String, Object> of(AnswerLinks.Page page) {
    return of(page, null);
  }

  /**
   * @param preferred the answer an e-mail's button linked to ({@code ?intent=CANCEL}): shown first, with a
   *                  prompt to press it; the GET itself decides nothing
   */
  public Map<String, Object> of(AnswerLinks.Page page, Intent preferred) {
    if (page instanceof AnswerLinks.Open open) {
      return open(open, preferred);
    }
    if (page instanceof AnswerLinks.Expired expired) {
      Map<String, Object> model = base("Este enlace expiró", expired.hospitalName(), expired.hospitalPhone());
      model.put("message", "El plazo para responder por este medio terminó.");
      return model;
    }
    Map<String, Object> model = base("Enlace no válido", null, null);
    model.put("message", "No encontramos este enlace. Revisa que lo hayas abierto completo desde el mensaje que"
        + " te enviamos.");
    return model;
  }

  public Map<String, Object> unavailable() {
    Map<String, Object> model = base("Servicio no disponible", null, null);
    model.put("message", "Estamos iniciando el servicio. Intenta de nuevo en unos minutos.");
    return model;
  }

  private Map<String, Object> open(AnswerLinks.Open open, Intent preferred) {
    MessageDetails d = open.details();
    Map<String, Object> model = base(heading(open.kind()), d == null ? null : d.getHospitalName(),
        d == null ? null : d.getHospitalPhone());
    model.put("open", true);
    model.put("greeting", d == null || d.getPatientGivenNames() == null ? "Hola"
        : "Hola, " + firstName(d.getPatientGivenNames()));
    model.put("details", details(open.kind(), d));
    model.put("status", statusText(open, d));
    model.put("statusClass", "status-" + open.status().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    open.notice().ifPresent(notice -> {
      model.put("notice", noticeText(notice, d));
      model.put("noticeClass", "notice-" + notice.name().toLowerCase(Locale.ROOT).replace('_', '-'));
      model.put("hasNotice", true);
    });
    List<Map<String, String>> actions = new ArrayList<>();
    for (Intent intent : open.actions()) {
      actions.add(Map.of("value", intent.name(), "label", label(intent),
          "css", intent == open.kind().yes() ? "yes" : "no"));
    }
    String first = preferred != null && open.actions().contains(preferred) ? preferred.name() : null;
    actions.sort((a, b) -> Integer.compare(rank(a, first), rank(b, first)));
    model.put("actions", actions);
    if (first != null) {
      model.put("prompt", "Para confirmar tu elección, presiona «" + label(preferred) + "».");
      model.put("hasPrompt", true);
    }
    model.put("hasActions", !actions.isEmpty());
    return model;
  }

  /** The preferred answer first, then yes before no. */
  private static int rank(Map<String, String> action, String preferred) {
    if (action.get("value").equals(preferred)) {
      return 0;
    }
    return action.get("css").equals("yes") ? 1 : 2;
  }

  private static Map<String, Object> base(String title, String hospitalName, String hospitalPhone) {
    Map<String, Object> model = new HashMap<>();
    model.put("title", title);
    model.put("open", false);
    model.put("message", "");
    model.put("greeting", "");
    model.put("details", List.of());
    model.put("status", "");
    model.put("statusClass", "");
    model.put("notice", "");
    model.put("noticeClass", "");
    model.put("hasNotice", false);
    model.put("actions", List.of());
    model.put("hasActions", false);
    model.put("prompt", "");
    model.put("hasPrompt", false);
    model.put("hospitalName", hospitalName == null ? "" : hospitalName);
    model.put("hasHospital", hospitalName != null && !hospitalName.isBlank());
    model.put("hospitalPhone", hospitalPhone == null ? "" : hospitalPhone);
    model.put("hasPhone", hospitalPhone != null && !hospitalPhone.isBlank());
    return model;
  }

  private static String heading(QuestionKind kind) {
    switch (kind) {
      case OFFER:
        return "Hora disponible para ti";
      case STILL_NEEDED:
        return "Lista de espera";
      default:
        return "Tu cita";
    }
  }

  private static List<Map<String, String>> details(QuestionKind kind, MessageDetails d) {
    List<Map<String, String>> rows = new ArrayList<>();
    if (d == null) {
      return rows;
    }
    if (d.getStartsAtLocal() != null) {
      rows.add(row("Fecha", capitalised(DATE.format(d.getStartsAtLocal()))));
      rows.add(row("Hora", TIME.format(d.getStartsAtLocal())));
    }
    if (d.getProfessionalName() != null) {
      rows.add(row("Profesional", (d.getProfessionalTitle() == null ? "" : d.getProfessionalTitle() + " ")
          + d.getProfessionalName()));
    }
    if (d.getSpecialty() != null) {
      rows.add(row("Especialidad", d.getSpecialty()));
    }
    if (d.getSiteName() != null) {
      rows.add(row("Lugar", d.getSiteName() + new SiteAddress(d.getSiteAddress(), d.getSiteCommune()).written()
          .map(address -> ", " + address).orElse("")));
    }
    return rows;
  }

  private static String statusText(AnswerLinks.Open open, MessageDetails d) {
    String phone = d == null || d.getHospitalPhone() == null ? "" : " Para cualquier cambio llama al "
        + d.getHospitalPhone() + ".";
    switch (open.status()) {
      case CONFIRMED:
        return open.actions().contains(Intent.CANCEL)
            ? "Tu cita está confirmada. Si no puedes asistir, cancélala para que otro paciente use tu hora."
            : "Tu cita está confirmada.";
      case CANCELLED:
        return "Tu cita está cancelada.";
      case CANCELLED_BY_HOSPITAL:
        return "El hospital canceló esta cita." + phone;
      case TOO_LATE:
        return "El plazo para responder por este medio terminó." + phone;
      case MOVED:
        return "La fecha u hora de esta cita cambió. Responde al mensaje más reciente que te enviamos.";
      case ANSWERED:
        return "Recibimos tu respuesta.";
      default:
        return pendingQuestion(open);
    }
  }

  private static String pendingQuestion(AnswerLinks.Open open) {
    String until = "";
    if (open.question().getRespondBy() != null) {
      MessageDetails d = open.details();
      ZoneId zone = d == null || d.getZone() == null ? ZoneId.of("America/Santiago") : ZoneId.of(d.getZone());
      until = " Puedes responder hasta el " + DEADLINE.format(open.question().getRespondBy().atZone(zone)) + ".";
    }
    switch (open.kind()) {
      case OFFER:
        return "¿Quieres tomar esta hora?" + until;
      case STILL_NEEDED:
        return "¿Todavía necesitas esta atención?" + until;
      default:
        return "¿Asistirás a tu cita?";
    }
  }

  private static String noticeText(AnswerLinks.Notice notice, MessageDetails d) {
    String phone = d == null || d.getHospitalPhone() == null ? "" : " Para cualquier cambio llama al "
        + d.getHospitalPhone() + ".";
    switch (notice) {
      case CONFIRMED:
        return "¡Listo! Tu cita quedó confirmada. Llega 15 minutos antes de tu hora.";
      case CANCELLED:
        return "Tu cita fue cancelada. Avisaremos al profesional y tu hora será asignada a otro paciente en espera.";
      case TOO_LATE:
        return "Tu respuesta llegó fuera de plazo y no se aplicó." + phone;
      case ALREADY_CANCELLED:
        return "Esta cita ya estaba cancelada; no es posible confirmarla." + phone;
      case MOVED:
        return "La hora de esta cita cambió, así que tu respuesta no se aplicó.";
      default:
        return "Recibimos tu respuesta. Te enviaremos un mensaje con el resultado.";
    }
  }

  private static String label(Intent intent) {
    switch (intent) {
      case CONFIRM:
        return "Confirmar mi cita";
      case CANCEL:
        return "Cancelar mi cita";
      case ACCEPT_OFFER:
        return "Aceptar";
      case DECLINE_OFFER:
        return "Rechazar";
      case STILL_NEEDED:
        return "Sí, la necesito";
      case NOT_NEEDED:
        return "No, ya no la necesito";
      default:
        return intent.name();
    }
  }

  private static Map<String, String> row(String label, String value) {
    return Map.of("label", label, "value", value);
  }

  private static String firstName(String givenNames) {
    String trimmed = givenNames.trim();
    int space = trimmed.indexOf(' ');
    return space < 0 ? trimmed : trimmed.substring(0, space);
  }

  private static String capitalised(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
