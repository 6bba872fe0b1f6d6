package org.contactability.notifier.application;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.contactability.common.SiteAddress;
import org.contactability.common.hospital.HospitalProfile;
import org.contactability.common.templates.MessageTemplate;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.MessageDetails;
import org.contactability.notifier.domain.SpanishWording;

/**
 * The variables a template sees, computed from a request and the profile the hospital speaks with (its
 * name and phone). Values the request lacks are left out, so that a template that needs them fails with
 * the variable's name instead of printing a blank.
 * Dates follow the channel: "06 de mayo" on WhatsApp and e-mail, "6 de mayo" on SMS and voice.
 */
public final class MessageVariables {

  private MessageVariables() {
  }

  /**
   * @param answerLink {@code <links base URL>/r/<token>}, or null when the request offers no answer link
   * @param zone       the hospital's zone, for instants (answer deadline, offer expiry)
   * @param hospital   the hospital's profile for this request ({@code HospitalProfiles.of(code, details)})
   */
  public static Map<String, Object> of(ContactRequest request, Channel channel, String answerLink, ZoneId zone,
      HospitalProfile hospital) {
    Map<String, Object> variables = new HashMap<>();
    boolean twoDigitDay = channel == Channel.WHATSAPP || channel == Channel.EMAIL;
    MessageDetails details = request.getDetails();
    ZoneId effectiveZone = zone;
    if (details != null) {
      put(variables, "patientName", details.getPatientFullName());
      put(variables, "patientGivenNames", details.getPatientGivenNames());
      put(variables, "specialty", details.getSpecialty());
      put(variables, "siteName", details.getSiteName());
      put(variables, "siteAddress", details.getSiteAddress());
      put(variables, "siteCommune", details.getSiteCommune());
      put(variables, "siteFullAddress", fullAddress(details).orElse(null));
      put(variables, "professionalName", details.getProfessionalName());
      put(variables, "professionalTitle", details.getProfessionalTitle());
      if (details.getProfessionalName() != null) {
        variables.put("professional",
            SpanishWording.professional(details.getProfessionalTitle(), details.getProfessionalName()));
      }
      if (details.getZone() != null) {
        effectiveZone = ZoneId.of(details.getZone());
      }
      LocalDateTime startsAt = details.getStartsAtLocal();
      if (startsAt != null) {
        variables.put("date", SpanishWording.dayAndMonth(startsAt.toLocalDate(), twoDigitDay));
        variables.put("dateTwoDigitDay", SpanishWording.dayAndMonth(startsAt.toLocalDate(), true));
        variables.put("datePlainDay", SpanishWording.dayAndMonth(startsAt.toLocalDate(), false));
        variables.put("weekday", SpanishWording.weekday(startsAt.toLocalDate()));
        variables.put("time", SpanishWording.time(startsAt.toLocalTime()));
      }
    }
    put(variables, "hospitalName", hospital.name());
    put(variables, "hospitalPhone", hospital.phone());
    put(variables, "answerLink", answerLink);
    if (request.getRespondBy() != null) {
      putInstant(variables, "respondBy", request.getRespondBy(), effectiveZone, twoDigitDay);
    }
    Map<String, String> extra = new HashMap<>(request.getVariables());
    variables.put("variables", extra);
    List<Map<String, String>> options = new ArrayList<>();
    for (int number = 1; number <= MessageTemplate.MAX_OPTIONS && !extra.isEmpty(); number++) {
      String option = extra.get(MessageTemplate.option(number));
      if (option != null) {
        options.add(Map.of("number", Integer.toString(number), "text", option));
      }
    }
    variables.put("options", options);
    String offerExpiresAt = extra.get(MessageTemplate.OFFER_EXPIRES_AT);
    if (offerExpiresAt != null) {
      try {
        putInstant(variables, "offerExpires", Instant.parse(offerExpiresAt), effectiveZone, twoDigitDay);
      } catch (DateTimeParseException e) {
        throw new MessageTemplates.TemplateProblem("variable " + MessageTemplate.OFFER_EXPIRES_AT
            + " is not an ISO instant", e);
      }
    }
    return variables;
  }

  /** "Francisco Ramírez 10, Chillán": the site's street and commune as one line. */
  static Optional<String> fullAddress(MessageDetails details) {
    return new SiteAddress(details.getSiteAddress(), details.getSiteCommune()).written();
  }

  private static void putInstant(Map<String, Object> variables, String prefix, Instant instant, ZoneId zone,
      boolean twoDigitDay) {
    ZonedDateTime local = instant.atZone(zone);
    variables.put(prefix + "Date", SpanishWording.dayAndMonth(local.toLocalDate(), twoDigitDay));
    variables.put(prefix + "Time", SpanishWording.time(local.toLocalTime()));
  }

  private static void put(Map<String, Object> variables, String name, String value) {
    if (value != null && !value.isBlank()) {
      variables.put(name, value.trim());
    }
  }
}
