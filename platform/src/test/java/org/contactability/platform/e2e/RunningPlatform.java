package org.contactability.platform.e2e;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.contactability.common.PhoneNumber;
import org.contactability.his.reference.NewPatient;
import org.contactability.his.reference.ReferenceHis;
import org.contactability.common.security.Role;
import org.contactability.notifier.adapters.sandbox.SandboxJournal;
import org.contactability.notifier.adapters.sandbox.SandboxMessage;
import org.contactability.platform.EmbeddedPlatform;
import org.contactability.platform.identity.DemoIdentities;
import org.contactability.platform.Endpoints;
import org.contactability.platform.PlatformOptions;
import org.contactability.testkit.SharedInfrastructure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole platform, started once per test JVM (it takes half a minute) with an empty HIS, and
 * driven only through its documented interfaces: the HIS database, the console's sandbox and
 * clock API, and the Twilio webhook signed with the development auth token.
 */
final class RunningPlatform {

  static final String DEVELOPMENT_AUTH_TOKEN = "contactability-development-auth-token";
  static final Duration PATIENCE = Duration.ofSeconds(90);

  private static RunningPlatform instance;

  final EmbeddedPlatform platform;
  final ReferenceHis his;
  /** The platform's data directory: the broker's log, the Streams state, the keys, the HIS database. */
  final Path data;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, String> tokens = new ConcurrentHashMap<>();
  /** What the stories' patients are, as it must never appear in a log line. */
  private final Set<String> patientData = ConcurrentHashMap.newKeySet();

  private RunningPlatform(EmbeddedPlatform platform, Path data) {
    this.platform = platform;
    this.data = data;
    this.his = new ReferenceHis(platform.postgres().dataSource(), platform.clockStore().clock());
  }

  static synchronized RunningPlatform get() {
    if (instance == null) {
      Path data = Path.of("target", "e2e-" + UUID.randomUUID()).toAbsolutePath();
      EmbeddedPlatform platform = EmbeddedPlatform.start(PlatformOptions.ephemeral(data, true, true, false),
          Clock.systemUTC());
      SharedInfrastructure.closeAtSessionEnd(platform);
      captureLogs();
      instance = new RunningPlatform(platform, data);
    }
    return instance;
  }

  private static final Queue<String> LOG_LINES = new ConcurrentLinkedQueue<>();

  /**
   * Keeps every log line the platform writes from now on, as its appenders would see it (logger levels
   * applied). Attached after the start because each Spring application resets logback when it starts.
   */
  private static void captureLogs() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
      @Override
      protected void append(ILoggingEvent event) {
        LOG_LINES.add(event.getLoggerName() + " " + event.getFormattedMessage()
            + (event.getThrowableProxy() == null ? "" : " " + ThrowableProxyUtil.asString(event.getThrowableProxy())));
      }
    };
    capture.setContext(context);
    capture.setName("e2e-capture");
    capture.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(capture);
  }

  /** The log lines written since the platform started. */
  List<String> logLines() {
    return List.copyOf(LOG_LINES);
  }

  Endpoints endpoints() {
    return platform.endpoints();
  }

  Instant now() {
    return platform.clockStore().clock().instant();
  }

  /** Moves the platform's clock forward to {@code instant}, through the console's API. */
  void advanceClockTo(Instant instant) throws Exception {
    Duration step = Duration.between(now(), instant);
    if (step.isNegative() || step.isZero()) {
      return;
    }
    HttpResponse<String> answer = post(endpoints().console() + "api/clock/advance?by=" + step, null, Map.of());
    if (answer.statusCode() != 200) {
      throw new AssertionError("clock advance refused: " + answer.body());
    }
  }

  /** Erases a patient through the console's API (crypto-shredding). */
  HttpResponse<String> erase(long patientId) throws Exception {
    return post(endpoints().console() + "api/patients/" + patientId + "/erasure", null, Map.of());
  }

  /** Every message the sandbox or the mail server received for {@code address}, oldest first. */
  List<JsonNode> messagesTo(String address) throws Exception {
    HttpResponse<String> answer = get(endpoints().console() + "api/sandbox/messages?to="
        + URLEncoder.encode(address, StandardCharsets.UTF_8));
    if (answer.statusCode() != 200) {
      throw new AssertionError("sandbox answered " + answer.statusCode() + ": " + answer.body());
    }
    JsonNode messages = json.readTree(answer.body());
    return java.util.stream.StreamSupport.stream(messages.spliterator(), false).toList();
  }

  /** What the sandbox received, from its journal in the data directory: the provider's own count. */
  List<SandboxMessage> sandboxJournal() {
    return SandboxJournal.read(data.resolve("sandbox").resolve("journal.jsonl"));
  }

  /** Adds a fault to the sandbox through the console's API; the answer's status and body. */
  HttpResponse<String> addSandboxFault(String json) throws Exception {
    return post(endpoints().console() + "api/sandbox/faults", json, Map.of("Content-Type", "application/json"));
  }

  /** Removes every fault of the sandbox through the console's API. */
  int clearSandboxFaults() throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(endpoints().console() + "api/sandbox/faults"))
        .timeout(Duration.ofSeconds(30)).header("Authorization", administrator()).DELETE().build(),
        HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  /** Adds a story's patient to the HIS, remembering their data for the check that no log line carries it. */
  long addPatient(NewPatient patient) {
    patientData.add(patient.rut().dotted());
    patientData.add(patient.rut().normalized());
    patientData.add(patient.givenNames() + " " + patient.paternalSurname());
    // the national significant number: found in E.164 and in national formats alike
    PhoneNumber.tryParse(patient.mobilePhone(), "CL").ifPresent(phone -> patientData.add(phone.e164().substring(3)));
    if (patient.email() != null) {
      patientData.add(patient.email());
    }
    return his.addPatient(patient);
  }

  /** The data of every story patient added so far. */
  Set<String> patientData() {
    return Set.copyOf(patientData);
  }

  /** The latest message {@code address} received that is {@code wanted}, waiting for it up to {@link #PATIENCE}. */
  JsonNode awaitMessage(String address, Predicate<JsonNode> wanted) {
    AtomicReference<JsonNode> found = new AtomicReference<>();
    AtomicReference<List<JsonNode>> seen = new AtomicReference<>(List.of());
    try {
      await().atMost(PATIENCE).pollInterval(Duration.ofMillis(300)).until(() -> {
        seen.set(messagesTo(address));
        seen.get().stream().filter(wanted).reduce((first, second) -> second).ifPresent(found::set);
        return found.get() != null;
      });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("no such message reached " + address + " within " + PATIENCE + "; it received "
          + seen.get().stream().map(m -> m.path("channel").asText() + "/" + m.path("template").asText()).toList(), e);
    }
    return found.get();
  }

  /** The console's timeline of the appointment once it has an entry that is {@code wanted}. */
  JsonNode awaitTimeline(long appointment, Predicate<JsonNode> wanted) {
    AtomicReference<JsonNode> timeline = new AtomicReference<>();
    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(300)).until(() -> {
      timeline.set(timeline(appointment));
      for (JsonNode entry : timeline.get().path("entries")) {
        if (wanted.test(entry)) {
          return true;
        }
      }
      return false;
    });
    return timeline.get();
  }

  static boolean template(JsonNode message, String name) {
    return message.path("template").asText().equals(name);
  }

  static boolean channel(JsonNode message, String name) {
    return message.path("channel").asText().equals(name);
  }

  /** The console's funnel column of one day for one hospital; null if that day is not shown. */
  JsonNode funnelDay(String hospital, java.time.LocalDate day) throws Exception {
    JsonNode funnel = json.readTree(get(endpoints().console() + "api/funnel?hospital=" + hospital).body());
    for (JsonNode column : funnel.path("days")) {
      if (column.path("date").asText().equals(day.toString())) {
        return column;
      }
    }
    return null;
  }

  JsonNode timeline(long appointmentId) throws Exception {
    return json.readTree(get(endpoints().console() + "api/appointments/" + appointmentId + "/timeline").body());
  }

  /**
   * What a real Twilio number would post when the patient writes or taps a button: form-encoded,
   * signed over the public URL with the account's auth token (Twilio's documented algorithm:
   * base64 HMAC-SHA1 of the URL followed by every parameter name and value, sorted by name).
   */
  HttpResponse<String> inbound(Map<String, String> parameters) throws Exception {
    String url = "http://localhost:" + endpoints().services().response() + "/twilio/inbound";
    Map<String, String> params = new TreeMap<>(parameters);
    params.putIfAbsent("MessageSid", "SM" + UUID.randomUUID().toString().replace("-", ""));
    params.putIfAbsent("AccountSid", "AC00000000000000000000000000000dev");
    return post(url, form(params), Map.of("X-Twilio-Signature", signature(DEVELOPMENT_AUTH_TOKEN, url, params),
        "Content-Type", "application/x-www-form-urlencoded"));
  }

  /** X-Twilio-Signature: base64 HMAC-SHA1, keyed by the auth token, of the URL and every parameter sorted by name. */
  static String signature(String authToken, String url, Map<String, String> parameters) throws Exception {
    StringBuilder signed = new StringBuilder(url);
    new TreeMap<>(parameters).forEach((name, value) -> signed.append(name).append(value));
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
    return Base64.getEncoder().encodeToString(mac.doFinal(signed.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** The parameters form-encoded, in their map's order. */
  static String form(Map<String, String> parameters) {
    return parameters.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  /** A WhatsApp quick-reply tap on {@code message}. */
  HttpResponse<String> tap(String phone, JsonNode message, String payload) throws Exception {
    String title = java.util.stream.StreamSupport.stream(message.path("buttons").spliterator(), false)
        .filter(b -> b.path("payload").asText().equals(payload)).map(b -> b.path("title").asText())
        .findFirst().orElseThrow(() -> new AssertionError("no button " + payload + " on " + message));
    return inbound(Map.of("From", "whatsapp:" + phone, "To", "whatsapp:+56422586400", "Body", title,
        "ButtonPayload", payload, "ButtonText", title,
        "OriginalRepliedMessageSid", message.path("providerMessageId").asText()));
  }

  /**
   * A digit pressed during a call: through the patient-phone page's API, which signs it as Twilio
   * would and posts it to the call's TwiML URL ({@code links[0]} of the sandbox's voice message).
   */
  HttpResponse<String> press(String phone, JsonNode call, String digits) throws Exception {
    String voiceUrl = call.path("links").path(0).asText();
    return post(endpoints().console() + "api/phone/keypresses", json.writeValueAsString(Map.of("phone", phone,
        "voiceUrl", voiceUrl, "digits", digits)), Map.of("Content-Type", "application/json"));
  }

  /** The console's dead-letter list, newest first. */
  List<JsonNode> deadLetters() throws Exception {
    JsonNode list = json.readTree(get(endpoints().console() + "api/dead-letters").body()).path("deadLetters");
    return java.util.stream.StreamSupport.stream(list.spliterator(), false).toList();
  }

  /** A text the patient writes by SMS. */
  HttpResponse<String> sms(String phone, String text) throws Exception {
    return inbound(Map.of("From", phone, "To", "+56422586400", "Body", text));
  }

  /**
   * An access token of the demo script client with {@code role} (null: the client without a role), as an
   * acceptance test gets one: client credentials at the identity provider's token endpoint.
   */
  String token(Role role) throws Exception {
    DemoIdentities.Identity client = role == null ? DemoIdentities.guest() : DemoIdentities.script(role);
    return tokens.computeIfAbsent(client.name(), name -> {
      try {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(endpoints().identityProvider()
                + "/oauth2/token"))
            .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (client.name() + ":" + client.secret()).getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
          throw new AssertionError("the identity provider refused " + name + ": " + answer.body());
        }
        return json.readTree(answer.body()).path("access_token").asText();
      } catch (Exception e) {
        throw new AssertionError("no token for " + name, e);
      }
    });
  }

  /** {@code Authorization} with the administrator's token, who may use every endpoint. */
  String administrator() throws Exception {
    return "Bearer " + token(Role.ADMINISTRATOR);
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
            .header("Authorization", administrator()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String url, String body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("Authorization", administrator())
        .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
