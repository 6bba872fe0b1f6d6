package org.contactability.common.templates;

import static org.contactability.contracts.contact.Intent.ACCEPT_OFFER;
import static org.contactability.contracts.contact.Intent.CANCEL;
import static org.contactability.contracts.contact.Intent.CONFIRM;
import static org.contactability.contracts.contact.Intent.DECLINE_OFFER;
import static org.contactability.contracts.contact.Intent.NOT_NEEDED;
import static org.contactability.contracts.contact.Intent.STILL_NEEDED;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.contactability.contracts.common.ContactPurpose;
import org.contactability.contracts.contact.Intent;

/**
 * The catalogue of message templates, declared once for every service that names one
 * ({@code ContactRequest.template}): the name, the purpose a request for it carries, the answers its
 * buttons offer (WhatsApp quick replies, e-mail links, the digits of a call) and the request variables
 * its texts need besides the appointment's details. The notifier owns the words (its template files,
 * checked against this catalogue by its tests); a template that offers answers needs the request's
 * answer token.
 */
public enum MessageTemplate {

  BOOKING_NOTICE("booking-notice", ContactPurpose.BOOKING_NOTICE, List.of(CONFIRM, CANCEL)),
  REMINDER("reminder", ContactPurpose.REMINDER, List.of(CONFIRM, CANCEL)),
  RESCHEDULE_NOTICE("reschedule-notice", ContactPurpose.RESCHEDULE_NOTICE, List.of(CONFIRM, CANCEL)),
  /** The confirmed variants go to a patient who already confirmed: they say so and offer only to cancel. */
  BOOKING_NOTICE_CONFIRMED("booking-notice-confirmed", ContactPurpose.BOOKING_NOTICE, List.of(CANCEL)),
  REMINDER_CONFIRMED("reminder-confirmed", ContactPurpose.REMINDER, List.of(CANCEL)),
  RESCHEDULE_NOTICE_CONFIRMED("reschedule-notice-confirmed", ContactPurpose.RESCHEDULE_NOTICE, List.of(CANCEL)),
  HOSPITAL_CANCELLATION_NOTICE("hospital-cancellation-notice", ContactPurpose.HOSPITAL_CANCELLATION_NOTICE, List.of()),

  CONFIRMATION_ANSWER("confirmation-answer", ContactPurpose.CONFIRMATION_ANSWER, List.of()),
  CANCELLATION_ANSWER("cancellation-answer", ContactPurpose.CANCELLATION_ANSWER, List.of()),
  TOO_LATE_ANSWER("too-late-answer", ContactPurpose.TOO_LATE_ANSWER, List.of()),
  ALREADY_CANCELLED_ANSWER("already-cancelled-answer", ContactPurpose.ALREADY_CANCELLED_ANSWER, List.of()),
  HELP_ANSWER("help-answer", ContactPurpose.HELP_ANSWER, List.of()),
  /** To an answer about a time the appointment was moved away from: names the current time. */
  RESCHEDULED_ANSWER("rescheduled-answer", ContactPurpose.RESCHEDULED_ANSWER, List.of()),
  /** Lists the patient's pending appointments, one per option variable, and asks which one the answer is about. */
  WHICH_APPOINTMENT_QUESTION("which-appointment-question", ContactPurpose.WHICH_APPOINTMENT_QUESTION, List.of(),
      MessageTemplate.OPTION_PREFIX + 1),
  OPT_OUT_ANSWER("opt-out-answer", ContactPurpose.OPT_OUT_ANSWER, List.of()),

  SLOT_OFFER("slot-offer", ContactPurpose.SLOT_OFFER, List.of(ACCEPT_OFFER, DECLINE_OFFER),
      MessageTemplate.OFFER_EXPIRES_AT),
  OFFER_ACCEPTED_ANSWER("offer-accepted-answer", ContactPurpose.OFFER_ACCEPTED_ANSWER, List.of()),
  OFFER_TAKEN_ANSWER("offer-taken-answer", ContactPurpose.OFFER_TAKEN_ANSWER, List.of()),
  OFFER_DECLINED_ANSWER("offer-declined-answer", ContactPurpose.OFFER_DECLINED_ANSWER, List.of()),
  STILL_NEEDED_QUESTION("still-needed-question", ContactPurpose.STILL_NEEDED_QUESTION, List.of(STILL_NEEDED, NOT_NEEDED)),
  STILL_NEEDED_ANSWER("still-needed-answer", ContactPurpose.STILL_NEEDED_ANSWER, List.of());

  /** Request variable of {@link #SLOT_OFFER}: when the offer lapses, an ISO-8601 instant. */
  public static final String OFFER_EXPIRES_AT = "offerExpiresAt";
  /** {@link #WHICH_APPOINTMENT_QUESTION} lists its options from the request variables option1 … option9. */
  public static final String OPTION_PREFIX = "option";
  public static final int MAX_OPTIONS = 9;
  /** What a template's confirmed variant adds to its name. */
  public static final String CONFIRMED_SUFFIX = "-confirmed";

  /** The catalogue by template name: every message the notifier renders looks its template up. */
  private static final Map<String, MessageTemplate> BY_NAME = Arrays.stream(values())
      .collect(Collectors.toUnmodifiableMap(MessageTemplate::templateName, t -> t));

  private final String templateName;
  private final ContactPurpose purpose;
  private final List<Intent> answers;
  private final Set<String> variables;

  MessageTemplate(String templateName, ContactPurpose purpose, List<Intent> answers, String... variables) {
    this.templateName = templateName;
    this.purpose = purpose;
    this.answers = answers;
    this.variables = Set.of(variables);
  }

  /** The name on {@code ContactRequest.template}, and of the notifier's template files. */
  public String templateName() {
    return templateName;
  }

  /** The purpose a request for this template carries. */
  public ContactPurpose purpose() {
    return purpose;
  }

  /** The answers its buttons offer, in the order they are shown; empty when it asks nothing. */
  public List<Intent> answers() {
    return answers;
  }

  /** Request variables ({@code ContactRequest.variables}) its texts need. */
  public Set<String> variables() {
    return variables;
  }

  /** The variant sent to a patient who already confirmed, when the template has one. */
  public Optional<MessageTemplate> confirmedVariant() {
    return named(templateName + CONFIRMED_SUFFIX);
  }

  /** The catalogue entry of a template name. */
  public static Optional<MessageTemplate> named(String templateName) {
    return Optional.ofNullable(templateName == null ? null : BY_NAME.get(templateName));
  }

  /** {@code option<n>}: the n-th option of {@link #WHICH_APPOINTMENT_QUESTION}, from 1. */
  public static String option(int n) {
    return OPTION_PREFIX + n;
  }
}
