package org.contactability.response.adapters.web;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.contactability.common.SiteAddress;
import org.contactability.common.hospital.HospitalProfile;
import org.contactability.common.hospital.HospitalProfiles;
import org.contactability.contracts.contact.MessageDetails;
import org.contactability.response.application.AnswerLinks;
import org.contactability.response.domain.Intent;
import org.contactability.response.domain.QuestionKind;

/**
 * The words of the answer page for each state of a link, in "usted" like every message, with the
 * hospital's name, phone and button titles from its profile (the same titles its WhatsApp buttons and
 * e-mail links show).
 */
public final class AnswerPageModel {

  private static final Locale ES_CL = Locale.forLanguageTag("es-CL");
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEEE d 'de' MMMM 'de' yyyy", ES_CL);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", ES_CL);
  private static final DateTimeFormatter DEADLINE = DateTimeFormatter.ofPattern("EEEE d 'de' MMMM 'a las' HH:mm",
      ES_CL);

  private final HospitalProfiles profiles;

  /** @throws IllegalStateException when a hospital (or the default entry) lacks a title for an answer the page offers */
  public AnswerPageModel(HospitalProfiles profiles) {
    this.profiles = profiles;
    List<String> codes = new ArrayList<>(profiles.hospitals());
    codes.add(HospitalProfiles.DEFAULT);
    for (String code : codes) {
      for (Intent intent : Intent.values()) {
        if (intent.isAnswer() && profiles.of(code).buttons().title(intent.name()).isEmpty()) {
          throw new IllegalStateException("The answer page needs a title for " + intent + " of hospital " + code
              + ": set contactability.hospitals." + code + ".buttons");
        }
      }
    }
  }

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
      Map<String, Object> model = base("Este enlace expiró", profiles.of(expired.hospitalCode(), expired.details()));
      model.put("message", "El plazo para responder por este medio terminó.");
      return model;
    }
    Map<String, Object> model = base("Enlace no válido", null);
    model.put("message", "No encontramos este enlace. Revise que lo haya abierto completo desde el mensaje que"
        + " le enviamos.");
    return model;
  }

  public Map<String, Object> unavailable() {
    Map<String, Object> model = base("Servicio no disponible", null);
    model.put("message", "Estamos iniciando el servicio. Intente de nuevo en unos minutos.");
    return model;
  }

  private Map<String, Object> open(AnswerLinks.Open open, Intent preferred) {
    MessageDetails d = open.details();
    HospitalProfile hospital = profiles.of(open.question().getHospitalCode(), d);
    Map<String, Object> model = base(heading(open.kind()), hospital);
    model.put("open", true);
    model.put("greeting", d == null || d.getPatientGivenNames() == null ? "Hola"
        : "Hola, " + firstName(d.getPatientGivenNames()));
    model.put("details", details(d));
    model.put("status", statusText(open, hospital.phone()));
    model.put("statusClass", "status-" + open.status().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    open.notice().ifPresent(notice -> {
      model.put("notice", noticeText(notice, hospital.phone()));
      model.put("noticeClass", "notice-" + notice.name().toLowerCase(Locale.ROOT).replace('_', '-'));
      model.put("hasNotice", true);
    });
    List<Map<String, String>> actions = new ArrayList<>();
    for (Intent intent : open.actions()) {
      actions.add(Map.of("value", intent.name(), "label", label(hospital, intent),
          "css", intent == open.kind().yes() ? "yes" : "no"));
    }
    String first = preferred != null && open.actions().contains(preferred) ? preferred.name() : null;
    actions.sort((a, b) -> Integer.compare(rank(a, first), rank(b, first)));
    model.put("actions", actions);
    if (first != null) {
      model.put("prompt", "Para confirmar su elección, presione «" + label(hospital, preferred) + "».");
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

  private static Map<String, Object> base(String title, HospitalProfile hospital) {
    String hospitalName = hospital == null ? null : hospital.name();
    String hospitalPhone = hospital == null ? null : hospital.phone();
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
        return "Hora disponible para usted";
      case STILL_NEEDED:
        return "Lista de espera";
      default:
        return "Su cita";
    }
  }

  private static List<Map<String, String>> details(MessageDetails d) {
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

  private static String statusText(AnswerLinks.Open open, String hospitalPhone) {
    switch (open.status()) {
      case CONFIRMED:
        return open.actions().contains(Intent.CANCEL)
            ? "Su cita está confirmada. Si no podrá asistir, cancélela para que otro paciente use su hora."
            : "Su cita está confirmada.";
      case CANCELLED:
        return "Su cita está cancelada.";
      case CANCELLED_BY_HOSPITAL:
        return "El hospital canceló esta cita." + callUs(hospitalPhone);
      case TOO_LATE:
        return "El plazo para responder por este medio terminó." + callUs(hospitalPhone);
      case MOVED:
        return "La fecha u hora de esta cita cambió: arriba está la hora vigente. Para confirmarla o cancelarla,"
            + " responda al mensaje más reciente que le enviamos.";
      case ANSWERED:
        return "Le enviaremos un mensaje con el resultado.";
      default:
        return pendingQuestion(open);
    }
  }

  private static String callUs(String hospitalPhone) {
    return hospitalPhone == null ? "" : " Para cualquier cambio llame al " + hospitalPhone + ".";
  }

  private static String pendingQuestion(AnswerLinks.Open open) {
    String until = "";
    if (open.question().getRespondBy() != null) {
      MessageDetails d = open.details();
      ZoneId zone = d == null || d.getZone() == null ? ZoneId.of("America/Santiago") : ZoneId.of(d.getZone());
      until = " Puede responder hasta el " + DEADLINE.format(open.question().getRespondBy().atZone(zone)) + ".";
    }
    switch (open.kind()) {
      case OFFER:
        return "¿Desea tomar esta hora?" + until;
      case STILL_NEEDED:
        return "¿Aún necesita esta atención?" + until;
      default:
        return "¿Asistirá a su cita?";
    }
  }

  private static String noticeText(AnswerLinks.Notice notice, String hospitalPhone) {
    switch (notice) {
      case CONFIRMED:
        return "¡Listo! Su cita quedó confirmada. Llegue 15 minutos antes de su hora.";
      case CANCELLED:
        return "Su cita fue cancelada. Avisaremos al profesional y su hora será asignada a otro paciente en espera.";
      case TOO_LATE:
        return "Su respuesta llegó fuera de plazo y no se aplicó." + callUs(hospitalPhone);
      case ALREADY_CANCELLED:
        return "Esta cita ya estaba cancelada; no es posible confirmarla." + callUs(hospitalPhone);
      case MOVED:
        return "La hora de esta cita cambió, así que su respuesta no se aplicó.";
      default:
        return "Recibimos su respuesta.";
    }
  }

  /** The hospital's title for the answer: the one its messages' buttons show. */
  private static String label(HospitalProfile hospital, Intent intent) {
    return hospital.buttons().title(intent.name()).orElseThrow();
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
