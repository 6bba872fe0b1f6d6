package org.contactability.response.adapters.twilio;

import java.time.format.DateTimeFormatter;
import java.util.Locale;

import com.twilio.http.HttpMethod;
import com.twilio.twiml.TwiMLException;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Gather;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Redirect;
import com.twilio.twiml.voice.Say;
import org.contactability.contracts.appointment.AppointmentDecision;
import org.contactability.contracts.contact.MessageDetails;
import org.contactability.common.hospital.HospitalProfile;
import org.contactability.response.application.AnswerLinks;
import org.contactability.response.application.VoiceCalls;
import org.contactability.response.domain.Intent;
import org.contactability.response.domain.QuestionKind;

/** The TwiML of reminder calls, in Spanish as Chilean hospitals speak to patients (usted). */
public final class VoiceScripts {

  private static final Locale ES_CL = Locale.forLanguageTag("es-CL");
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d 'de' MMMM", ES_CL);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("H:mm", ES_CL);

  private final String language;
  private final String voice;
  private final int gatherTimeoutSeconds;
  private final int attempts;

  public VoiceScripts(String language, String voice, int gatherTimeoutSeconds, int attempts) {
    this.language = language;
    this.voice = voice;
    this.gatherTimeoutSeconds = gatherTimeoutSeconds;
    this.attempts = attempts;
  }

  /**
   * @param ask        what to read
   * @param voiceUrl   public URL of this call's TwiML (to ask again)
   * @param gatherUrl  public URL the digit is posted to
   * @param attempt    1 for the first reading
   */
  public String ask(VoiceCalls.Ask ask, String voiceUrl, String gatherUrl, int attempt) {
    AnswerLinks.Open open = ask.question();
    if (open.actions().isEmpty()) {
      // Nothing left to answer (too late, cancelled, moved): say where things stand instead of asking.
      return xml(new VoiceResponse.Builder().say(say(greeting(open.details()) + standing(open, ask.hospital())
          + " Adiós.")).hangup(new Hangup.Builder().build()).build());
    }
    Gather gather = new Gather.Builder()
        .numDigits(1)
        .timeout(gatherTimeoutSeconds)
        .action(gatherUrl)
        .method(HttpMethod.POST)
        .say(say(question(open, ask.hospital())))
        .build();
    VoiceResponse.Builder response = new VoiceResponse.Builder().gather(gather);
    if (attempt < attempts) {
      response.say(say("No recibimos su respuesta."))
          .redirect(new Redirect.Builder(voiceUrl + "?intento=" + (attempt + 1)).method(HttpMethod.POST).build());
    } else {
      response.say(say("No recibimos su respuesta. También puede responder al mensaje que le enviamos. Adiós."))
          .hangup(new Hangup.Builder().build());
    }
    return xml(response.build());
  }

  /** A key other than 1 or 2. */
  public String notUnderstood(String voiceUrl, int attempt) {
    VoiceResponse.Builder response = new VoiceResponse.Builder().say(say("Opción no válida."));
    if (attempt < attempts) {
      response.redirect(new Redirect.Builder(voiceUrl + "?intento=" + (attempt + 1)).method(HttpMethod.POST).build());
    } else {
      response.say(say("Adiós.")).hangup(new Hangup.Builder().build());
    }
    return xml(response.build());
  }

  /** The token is unknown or its time to answer passed. */
  public String notValid(String hospitalPhone) {
    String text = "Esta llamada ya no está vigente."
        + (hospitalPhone == null ? "" : " Si necesita ayuda, llame al " + spelled(hospitalPhone) + ".")
        + " Adiós.";
    return xml(new VoiceResponse.Builder().say(say(text)).hangup(new Hangup.Builder().build()).build());
  }

  /**
   * What the call says after the key was pressed.
   *
   * @param decision the judge's decision, when it came in time; null otherwise (or for offers and purge questions,
   *                 which the waiting list judges)
   */
  public String answered(QuestionKind kind, AppointmentDecision decision, MessageDetails details) {
    String text;
    if (decision == null) {
      text = kind == QuestionKind.APPOINTMENT
          ? "Registramos su respuesta. Le enviaremos la confirmación por mensaje de texto."
          : "Registramos su respuesta. Le enviaremos un mensaje con el resultado.";
    } else {
      text = switch (decision.getType()) {
        case CONFIRMED -> "Su cita ha sido confirmada. Llegue quince minutos antes de su hora. Lo esperamos.";
        case CANCELLED_BY_PATIENT -> "Su cita ha sido cancelada. Se notificará al profesional y su hora será"
            + " asignada a otro paciente en espera.";
        case REJECTED_TOO_LATE -> "El plazo para responder por este medio ya terminó."
            + phoneSentence(details);
        case REJECTED_ALREADY_CANCELLED -> "Esta cita ya estaba cancelada, no es posible confirmarla."
            + phoneSentence(details);
        default -> "Registramos su respuesta. Le enviaremos un mensaje con el resultado.";
      };
    }
    return xml(new VoiceResponse.Builder().say(say(text + " Adiós.")).hangup(new Hangup.Builder().build()).build());
  }

  /** What the call asks: the appointment (or offer, or waiting list) and the keys of the answers still open. */
  static String question(AnswerLinks.Open open, HospitalProfile hospital) {
    MessageDetails d = open.details();
    StringBuilder text = new StringBuilder(greeting(d));
    String from = "Le llamamos de " + (hospital.name() == null ? "el hospital" : hospital.name());
    String when = d == null || d.getStartsAtLocal() == null ? ""
        : " del " + DAY.format(d.getStartsAtLocal()) + ", a las " + TIME.format(d.getStartsAtLocal()) + " horas";
    String with = d == null || d.getProfessionalName() == null ? ""
        : ", con " + (d.getProfessionalTitle() == null ? "" : d.getProfessionalTitle() + " ") + d.getProfessionalName();
    String specialty = d == null || d.getSpecialty() == null ? "" : ", de " + d.getSpecialty();
    String place = d == null || d.getSiteName() == null ? "" : ", en " + d.getSiteName();
    switch (open.kind()) {
      case OFFER:
        text.append(from).append(". Tenemos una hora disponible")
            .append(when).append(with).append(specialty).append(place)
            .append(". Para aceptarla, presione 1. Para rechazarla, presione 2.");
        break;
      case STILL_NEEDED:
        text.append(from).append(". Usted está en la lista de espera")
            .append(specialty).append(". ¿Todavía necesita esta atención? Si la necesita, presione 1."
                + " Si ya no la necesita, presione 2.");
        break;
      default:
        text.append(from).append(" para recordarle su cita").append(when).append(with).append(specialty).append(place);
        if (open.actions().contains(Intent.CONFIRM)) {
          text.append(". Para confirmar su asistencia, presione 1. Para cancelar la cita, presione 2.");
        } else if (open.status() == AnswerLinks.Status.CONFIRMED) {
          text.append(", que está confirmada. Si no podrá asistir, presione 2 para cancelarla.");
        } else {
          text.append(". Ya no es posible confirmarla por este medio. Si no podrá asistir, presione 2 para cancelarla.");
        }
    }
    return text.toString();
  }

  /** Where an appointment stands when nothing can be answered any more. */
  private static String standing(AnswerLinks.Open open, HospitalProfile hospital) {
    String call = hospital.phone() == null ? "" : " Para cualquier cambio, llame al " + spelled(hospital.phone()) + ".";
    return switch (open.status()) {
      case CONFIRMED -> "Su cita está confirmada. Llegue quince minutos antes de su hora. Lo esperamos.";
      case CANCELLED -> "Su cita está cancelada.";
      case CANCELLED_BY_HOSPITAL -> "El hospital canceló esta cita." + call;
      case MOVED -> "La hora de esta cita cambió. Responda al mensaje más reciente que le enviamos." + call;
      case ANSWERED -> "Ya recibimos su respuesta.";
      case TOO_LATE, PENDING -> "El plazo para responder por este medio terminó." + call;
    };
  }

  private static String greeting(MessageDetails d) {
    return d != null && d.getPatientGivenNames() != null ? "Hola, " + firstName(d.getPatientGivenNames()) + ". " : "";
  }

  private static String phoneSentence(MessageDetails details) {
    return details == null || details.getHospitalPhone() == null ? ""
        : " Para cualquier cambio, llame al " + spelled(details.getHospitalPhone()) + ".";
  }

  /** Digits read one by one, so that a phone number is not read as a large amount. */
  static String spelled(String phone) {
    StringBuilder spoken = new StringBuilder();
    for (char c : phone.toCharArray()) {
      if (Character.isDigit(c)) {
        if (spoken.length() > 0) {
          spoken.append(' ');
        }
        spoken.append(c);
      }
    }
    return spoken.toString();
  }

  private static String firstName(String givenNames) {
    String trimmed = givenNames.trim();
    int space = trimmed.indexOf(' ');
    return space < 0 ? trimmed : trimmed.substring(0, space);
  }

  private Say say(String text) {
    return new Say.Builder(text).option("language", language).option("voice", voice).build();
  }

  private static String xml(VoiceResponse response) {
    try {
      return response.toXml();
    } catch (TwiMLException e) {
      throw new IllegalStateException("Could not write TwiML: " + e.getMessage(), e);
    }
  }
}
