package org.contactability.response.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.contactability.common.templates.MessageTemplate;
import org.contactability.common.PhoneNumber;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.Correlation;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.CorrelationMethod;
import org.contactability.contracts.contact.MessageDetails;
import org.contactability.contracts.contact.PatientResponse;
import org.contactability.response.application.AnswerDirectory.Asked;
import org.contactability.response.application.AnswerPublisher.Keyed;
import org.contactability.response.domain.Correlator;
import org.contactability.response.domain.Intent;
import org.contactability.response.domain.Match;
import org.contactability.response.domain.QuestionKind;
import org.contactability.response.domain.Reply;
import org.contactability.response.domain.ReplyParser;

/**
 * A WhatsApp or SMS message from a patient: understood, tied to its question and published on
 * {@code patient.responses}, with the replies that need no judging (help, opt-out, "which appointment?").
 * Whether a confirmation or cancellation stands is decided later, by the judge, one answer at a time.
 */
public final class InboundMessages {

  private static final java.util.Locale ES_CL = java.util.Locale.forLanguageTag("es-CL");
  private static final java.time.format.DateTimeFormatter OPTION_DATE =
      java.time.format.DateTimeFormatter.ofPattern("EEEE d 'de' MMMM", ES_CL);
  private static final java.time.format.DateTimeFormatter OPTION_TIME =
      java.time.format.DateTimeFormatter.ofPattern("HH:mm", ES_CL);

  private final AnswerDirectory directory;
  private final AnswerPublisher publisher;
  private final ReplyParser parser;
  private final Correlator correlator;
  private final String phoneRegion;
  private final AnswerRequests answers;
  private final Clock clock;
  private final String defaultHospital;
  private final Duration whichQuestionValidity;
  private final AnswerPrivacy senders;

  public InboundMessages(AnswerDirectory directory, AnswerPublisher publisher, ReplyParser parser,
      Correlator correlator, String phoneRegion, Clock clock, String defaultHospital,
      Duration whichQuestionValidity, AnswerPrivacy senders) {
    this.senders = senders;
    this.directory = directory;
    this.publisher = publisher;
    this.parser = parser;
    this.correlator = correlator;
    this.phoneRegion = phoneRegion;
    this.answers = new AnswerRequests(clock);
    this.clock = clock;
    this.defaultHospital = defaultHospital;
    this.whichQuestionValidity = whichQuestionValidity;
  }

  /**
   * A message as Twilio posts it.
   *
   * @param messageSid        Twilio's id of the inbound message
   * @param channel           WHATSAPP or SMS
   * @param from              sender as Twilio writes it ("whatsapp:+569...", "+569...")
   * @param body              text
   * @param buttonPayload     quick-reply payload, when a button was pressed
   * @param buttonText        quick-reply title
   * @param repliedMessageSid the message it replies to (WhatsApp OriginalRepliedMessageSid)
   */
  public record InboundMessage(String messageSid, Channel channel, String from, String body, String buttonPayload,
      String buttonText, String repliedMessageSid) {
  }

  /** What was made of a message: for metrics and logs, without patient data. */
  public record Understood(Intent intent, CorrelationMethod method) {
  }

  public CompletableFuture<Understood> receive(InboundMessage message) {
    Instant now = clock.instant();
    String phone = PhoneNumber.tryParse(message.from(), phoneRegion).map(PhoneNumber::e164).orElse(null);
    String sender = phone != null ? phone : message.from();
    String senderIndex = senders.index(sender);
    Reply reply = replyOf(message);
    Optional<ContactRequest> replied = repliedQuestion(message);
    // A reply that names its message needs no look at the number's other questions (the common, cheap case).
    List<Asked> asked = replied.isPresent() && !(reply instanceof Reply.OptOut) || phone == null ? List.of()
        : directory.questionsTo(senderIndex);
    Map<String, ContactRequest> requests = asked.stream()
        .collect(Collectors.toMap(a -> a.request().getRequestId(), Asked::request, (a, b) -> a, HashMap::new));

    Match match = replied
        .<Match>map(question -> {
          requests.put(question.getRequestId(), question);
          return new Match.Correlated(Questions.asked(question, question.getRequestedAt()),
              Match.Method.BUTTON_REPLY, reply);
        })
        .orElseGet(() -> correlator.correlate(asked.stream()
            .map(a -> Questions.asked(a.request(), a.askedAt())).toList(), reply, now));

    ContactRequest about = reply instanceof Reply.OptOut ? null
        : match instanceof Match.Correlated correlated ? requests.get(correlated.question().requestId())
        : match instanceof Match.Ambiguous ambiguous ? requests.get(ambiguous.candidates().get(0).requestId()) : null;
    String sealedSender = senders.seal(sender, senderIndex, about);
    PatientResponse.Builder response = PatientResponse.newBuilder()
        .setResponseId(message.messageSid() != null ? message.messageSid() : UUID.randomUUID().toString())
        .setReceivedAt(now)
        .setChannel(message.channel())
        .setFrom(sealedSender)
        .setFromIndex(senderIndex)
        .setRawText(senders.sealLike(sealedSender,
            message.body() != null && !message.body().isEmpty() ? message.body() : message.buttonText(), about))
        .setButtonPayload(message.buttonPayload())
        .setProviderMessageId(message.messageSid())
        .setRepliedToProviderMessageId(message.repliedMessageSid());
    List<ContactRequest> replies = new ArrayList<>();
    AnswerRequests.Route back = new AnswerRequests.Route(message.channel(), sealedSender, null);

    if (reply instanceof Reply.OptOut) {
      response.setIntent(org.contactability.contracts.contact.Intent.OPT_OUT)
          .setCorrelationMethod(CorrelationMethod.NONE)
          .setHospitalCode(latestHospital(asked));
      PatientResponse built = response.build();
      replies.add(answers.answer("opt-out:" + built.getResponseId(), MessageTemplate.OPT_OUT_ANSWER, null,
          built.getHospitalCode(), back, null, Map.of()));
      return publish(built, replies);
    }
    if (match instanceof Match.Correlated correlated) {
      ContactRequest question = requests.get(correlated.question().requestId());
      Intent intent = correlated.intent();
      response.setIntent(contractIntent(intent))
          .setCorrelation(ResponseKeys.copy(question.getCorrelation()))
          .setCorrelationMethod(CorrelationMethod.valueOf(correlated.method().name()))
          .setHospitalCode(question.getHospitalCode())
          .setQuestionRequestId(question.getRequestId());
      PatientResponse built = response.build();
      if (intent == Intent.UNKNOWN && !(reply instanceof Reply.Courtesy)) {
        replies.add(answers.answer("help:" + built.getResponseId(), MessageTemplate.HELP_ANSWER,
            ResponseKeys.copy(question.getCorrelation()), question.getHospitalCode(), back, question.getDetails(),
            Map.of()));
      }
      return publish(built, replies);
    }
    if (match instanceof Match.Ambiguous ambiguous) {
      List<ContactRequest> options = ambiguous.candidates().stream()
          .map(c -> requests.get(c.requestId())).toList();
      QuestionKind kind = ambiguous.candidates().get(0).kind();
      response.setIntent(contractIntent(kind.intentOf(reply)))
          .setCorrelationMethod(CorrelationMethod.AMBIGUOUS)
          .setHospitalCode(options.get(0).getHospitalCode());
      PatientResponse built = response.build();
      replies.add(whichQuestion(built, options, reply, back, now));
      return publish(built, replies);
    }
    response.setIntent(contractIntent(QuestionKind.APPOINTMENT.intentOf(reply)))
        .setCorrelationMethod(CorrelationMethod.NONE)
        .setHospitalCode(latestHospital(asked));
    PatientResponse built = response.build();
    if (!(reply instanceof Reply.Courtesy)) {
      replies.add(answers.answer("help:" + built.getResponseId(), MessageTemplate.HELP_ANSWER, null,
          built.getHospitalCode(), back, null, Map.of()));
    }
    return publish(built, replies);
  }

  private Reply replyOf(InboundMessage message) {
    Optional<Intent> button = Intent.ofButtonPayload(message.buttonPayload());
    if (button.isPresent()) {
      return new Reply.Explicit(button.get());
    }
    String text = message.body() != null && !message.body().isBlank() ? message.body() : message.buttonText();
    return parser.parse(text);
  }

  /** The question a WhatsApp reply names, when we know it (a which-appointment question is answered by number instead). */
  private Optional<ContactRequest> repliedQuestion(InboundMessage message) {
    if (message.repliedMessageSid() == null || message.repliedMessageSid().isBlank()) {
      return Optional.empty();
    }
    return directory.requestByProviderMessageId(message.repliedMessageSid())
        .filter(r -> Questions.kindOf(r.getPurpose()) != null
            && Questions.kindOf(r.getPurpose()) != QuestionKind.WHICH_APPOINTMENT);
  }

  private ContactRequest whichQuestion(PatientResponse response, List<ContactRequest> options, Reply reply,
      AnswerRequests.Route back, Instant now) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put(Questions.OPTION_COUNT, Integer.toString(options.size()));
    variables.put(Questions.PENDING_ANSWER, pendingAnswer(reply, options.get(0)));
    for (int n = 1; n <= options.size(); n++) {
      ContactRequest option = options.get(n - 1);
      variables.put(Questions.optionVariable(n, "requestId"), option.getRequestId());
      if (option.getCorrelation().getAppointmentId() != null) {
        variables.put(Questions.optionVariable(n, "appointmentId"), option.getCorrelation().getAppointmentId());
      }
      MessageDetails details = option.getDetails();
      variables.put("option" + n, optionText(details));
      if (details != null) {
        putIfPresent(variables, Questions.optionVariable(n, "startsAtLocal"),
            details.getStartsAtLocal() == null ? null : details.getStartsAtLocal().toString());
        putIfPresent(variables, Questions.optionVariable(n, "specialty"), details.getSpecialty());
        putIfPresent(variables, Questions.optionVariable(n, "professional"), professional(details));
        putIfPresent(variables, Questions.optionVariable(n, "siteName"), details.getSiteName());
      }
    }
    ContactRequest question = answers.answer("which:" + response.getResponseId(),
        MessageTemplate.WHICH_APPOINTMENT_QUESTION, Correlation.newBuilder().setStepId("which-appointment").build(),
        response.getHospitalCode(), back, null, variables);
    return ContactRequest.newBuilder(question).setRespondBy(now.plus(whichQuestionValidity)).build();
  }

  /** The answer that waits for the choice, as the yes or no it is. */
  private static String pendingAnswer(Reply reply, ContactRequest anOption) {
    if (reply instanceof Reply.Explicit explicit) {
      QuestionKind kind = Questions.kindOf(anOption.getPurpose());
      return explicit.intent() == kind.yes() ? "YES" : "NO";
    }
    return Boolean.TRUE.equals(Reply.polarity(reply)) ? "YES" : "NO";
  }

  /** One line of the question's list, as the notifier shows it: "miércoles 6 de mayo, 10:00 horas, Medicina Interna". */
  static String optionText(MessageDetails details) {
    if (details == null) {
      return "cita pendiente";
    }
    StringBuilder text = new StringBuilder();
    if (details.getStartsAtLocal() != null) {
      text.append(OPTION_DATE.format(details.getStartsAtLocal())).append(", ")
          .append(OPTION_TIME.format(details.getStartsAtLocal())).append(" horas");
    }
    if (details.getSpecialty() != null) {
      text.append(text.length() > 0 ? ", " : "").append(details.getSpecialty());
    }
    String professional = professional(details);
    if (professional != null) {
      text.append(text.length() > 0 ? ", con " : "con ").append(professional);
    }
    return text.length() == 0 ? "cita pendiente" : text.toString();
  }

  private static String professional(MessageDetails details) {
    if (details.getProfessionalName() == null) {
      return null;
    }
    return details.getProfessionalTitle() == null ? details.getProfessionalName()
        : details.getProfessionalTitle() + " " + details.getProfessionalName();
  }

  private static void putIfPresent(Map<String, String> variables, String key, String value) {
    if (value != null) {
      variables.put(key, value);
    }
  }

  /** The hospital that last wrote to this number: its sender and texts answer an unrelated message. */
  private String latestHospital(List<Asked> asked) {
    return asked.stream().max(Comparator.comparing(Asked::askedAt))
        .map(a -> a.request().getHospitalCode())
        .orElse(defaultHospital);
  }

  private CompletableFuture<Understood> publish(PatientResponse response, List<ContactRequest> replies) {
    List<Keyed<ContactRequest>> messages = replies.stream()
        .map(r -> new Keyed<>(r.getCorrelation().getAppointmentId() != null
            ? r.getCorrelation().getAppointmentId() : ResponseKeys.of(response), r))
        .toList();
    return publisher.publish(new Keyed<>(ResponseKeys.of(response), response), messages)
        .thenApply(done -> new Understood(Intent.valueOf(response.getIntent().name()),
            response.getCorrelationMethod()));
  }

  static org.contactability.contracts.contact.Intent contractIntent(Intent intent) {
    return org.contactability.contracts.contact.Intent.valueOf(intent.name());
  }
}
