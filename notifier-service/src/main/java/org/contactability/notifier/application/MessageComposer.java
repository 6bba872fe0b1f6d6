package org.contactability.notifier.application;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.contactability.common.hospital.HospitalProfiles;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.ContactPurpose;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.MessageDetails;
import org.contactability.notifier.domain.Gsm7;
import org.contactability.notifier.domain.SmsSegments;
import org.contactability.notifier.domain.SpanishWording;

/**
 * Turns a request into the message a channel sends: the hospital's template rendered with the
 * request's details, the answer link ({@code <links base URL>/r/<token>}), the voice call's TwiML URL
 * ({@code <response base URL>/twilio/voice/<token>}, served by response-service), the SMS segment
 * count and the e-mail's calendar entry.
 */
public final class MessageComposer {

  /** Purposes whose e-mail carries the appointment as a calendar event; the second set cancels it. */
  private static final Set<ContactPurpose> CALENDAR_EVENT = Set.of(ContactPurpose.BOOKING_NOTICE,
      ContactPurpose.REMINDER, ContactPurpose.RESCHEDULE_NOTICE, ContactPurpose.CONFIRMATION_ANSWER,
      ContactPurpose.OFFER_ACCEPTED_ANSWER);
  private static final Set<ContactPurpose> CALENDAR_CANCEL = Set.of(ContactPurpose.HOSPITAL_CANCELLATION_NOTICE,
      ContactPurpose.CANCELLATION_ANSWER);

  /**
   * @param linksBaseUrl        public base URL of response-service's answer page
   * @param responseBaseUrl     public base URL of response-service's Twilio endpoints
   * @param zoneOfHospital      the hospital's zone when a request does not say
   * @param transliterateSms    whether a hospital's SMS are rewritten into GSM-7 (cheaper, loses accents)
   * @param appointmentDuration length of the calendar event (the HIS does not say)
   */
  public record Settings(String linksBaseUrl, String responseBaseUrl, Function<String, ZoneId> zoneOfHospital,
      Function<String, Boolean> transliterateSms, Duration appointmentDuration) {
  }

  private final MessageTemplates templates;
  private final Settings settings;
  private final HospitalProfiles profiles;

  /** @param profiles how each hospital names itself and the phone it gives */
  public MessageComposer(MessageTemplates templates, Settings settings, HospitalProfiles profiles) {
    this.templates = templates;
    this.settings = settings;
    this.profiles = profiles;
  }

  public OutboundMessage compose(ContactRequest request, String address) {
    Channel channel = request.getChannel();
    String token = request.getAnswerToken();
    String answerLink = token == null ? null : trim(settings.linksBaseUrl()) + "/r/" + token;
    ZoneId zone = settings.zoneOfHospital().apply(request.getHospitalCode());
    Map<String, Object> variables = MessageVariables.of(request, channel, answerLink, zone,
        profiles.of(request.getHospitalCode(), request.getDetails()));
    MessageTemplates.Rendering rendering =
        templates.render(request.getHospitalCode(), request.getTemplate(), channel, variables);

    String text = rendering.text();
    SmsSegments segments = null;
    List<String> links = new ArrayList<>();
    String voiceUrl = null;
    CalendarEntry calendar = null;
    switch (channel) {
      case SMS -> {
        if (Boolean.TRUE.equals(settings.transliterateSms().apply(request.getHospitalCode()))) {
          text = Gsm7.transliterate(text);
        }
        segments = SmsSegments.of(text);
        if (answerLink != null && text.contains(answerLink)) {
          links.add(answerLink);
        }
      }
      case EMAIL -> {
        if (answerLink != null) {
          rendering.buttons().forEach(b -> links.add(answerLink + "?intent=" + b.payload()));
        }
        calendar = calendarEntry(request, zone);
      }
      case VOICE -> {
        if (token != null) {
          voiceUrl = trim(settings.responseBaseUrl()) + "/twilio/voice/" + token;
          links.add(voiceUrl);
        }
      }
      case WHATSAPP, WEB -> {
      }
    }
    return new OutboundMessage(request.getRequestId(), request.getHospitalCode(), request.getTemplate(), channel,
        address, text, rendering.buttons(), links, rendering.contentVariables(), rendering.subject(), rendering.html(),
        calendar, voiceUrl, segments);
  }

  private CalendarEntry calendarEntry(ContactRequest request, ZoneId zone) {
    MessageDetails details = request.getDetails();
    boolean cancels = CALENDAR_CANCEL.contains(request.getPurpose());
    if (details == null || details.getStartsAtLocal() == null
        || !(cancels || CALENDAR_EVENT.contains(request.getPurpose()))) {
      return null;
    }
    ZoneId eventZone = details.getZone() == null ? zone : ZoneId.of(details.getZone());
    LocalDateTime startsAt = details.getStartsAtLocal();
    String appointmentId = request.getCorrelation().getAppointmentId();
    String uid = (appointmentId != null ? "appointment-" + appointmentId : "request-" + request.getRequestId())
        + "@" + request.getHospitalCode().toLowerCase(Locale.ROOT) + ".contactability";
    Integer version = request.getCorrelation().getPlanVersion();
    String summary = "Cita" + (details.getSpecialty() == null ? "" : " de " + details.getSpecialty())
        + (details.getHospitalName() == null ? "" : " - " + details.getHospitalName());
    String location = String.join(", ", nonBlank(details.getSiteName(),
        MessageVariables.fullAddress(details).orElse(null)));
    String professional = details.getProfessionalName() == null ? null
        : SpanishWording.professional(details.getProfessionalTitle(),
            details.getProfessionalName());
    String description = professional == null ? "Llegue 15 minutos antes de su hora."
        : "Atención con " + professional + ". Llegue 15 minutos antes de su hora.";
    return new CalendarEntry(uid, version == null ? 0 : version, startsAt.atZone(eventZone).toInstant(),
        startsAt.plus(settings.appointmentDuration()).atZone(eventZone).toInstant(), summary, location, description,
        cancels);
  }

  private static List<String> nonBlank(String... values) {
    List<String> kept = new ArrayList<>();
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        kept.add(value.trim());
      }
    }
    return kept;
  }

  private static String trim(String baseUrl) {
    return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }
}
