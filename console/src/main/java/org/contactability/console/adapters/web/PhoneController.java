package org.contactability.console.adapters.web;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.contactability.common.PhoneNumber;
import org.contactability.common.privacy.Mask;
import org.contactability.console.adapters.jdbc.HisPatientDirectory;
import org.contactability.console.adapters.twilio.SimulatedTwilio;
import org.contactability.console.adapters.twilio.TwilioRequestSigner;
import org.contactability.console.application.DemoPatient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The patient-phone page's API (embedded platform only): the HIS's patients to pick from
 * ({@code GET /api/phone/patients?q=}), a patient's reply as Twilio would post it
 * ({@code POST /api/phone/replies}) and a key pressed during a reminder call
 * ({@code POST /api/phone/keypresses}). Messages themselves come from {@code /api/sandbox/messages}.
 */
@RestController
@ConditionalOnProperty(prefix = "contactability.console.sandbox", name = "enabled", havingValue = "true")
public class PhoneController {

  private static final Logger log = LoggerFactory.getLogger(PhoneController.class);
  private static final Pattern PAYLOAD = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern DIGITS = Pattern.compile("[0-9*#]{1,8}");
  private static final int MAX_TEXT = 1_600;
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final HisPatientDirectory patients;
  private final String phoneRegion;
  private final SimulatedTwilio twilio;
  private final int patientsShown;
  private final Clock clock;

  public PhoneController(SandboxSettings sandbox, ObjectProvider<HisPatientDirectory> patients, Clock clock) {
    this.phoneRegion = PhoneNumber.requireRegion(sandbox.defaultRegion());
    this.patients = patients.getIfAvailable();
    this.twilio = new SimulatedTwilio(WebClient.create(), new TwilioRequestSigner(sandbox.twilioAuthToken()),
        sandbox.responseUrl(), sandbox.responsePublicUrl(), sandbox.twilioAccountSid(),
        e164(sandbox.hospitalNumber()).orElseThrow(() -> new IllegalArgumentException(
            "contactability.console.sandbox.hospital-number is not a valid phone number")));
    this.patientsShown = sandbox.patientsShown();
    this.clock = clock;
  }

  /** A patient's answer: a typed text, or a quick-reply button of a WhatsApp message. */
  public record Reply(String phone, String channel, String text, String buttonPayload, String buttonText,
      String repliedTo) {
  }

  /** A key pressed during a reminder call whose TwiML URL the sandbox message carries. */
  public record KeyPress(String phone, String voiceUrl, String digits) {
  }

  @GetMapping("/api/phone/patients")
  public Mono<ResponseEntity<?>> patients(@RequestParam(name = "q", required = false) String query) {
    if (patients == null) {
      return Mono.just(ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error",
          "Esta consola no tiene acceso a la base de datos del HIS: escriba el teléfono o el correo del paciente")));
    }
    return Mono.fromCallable(() -> patients.find(query, patientsShown))
        .subscribeOn(Schedulers.boundedElastic())
        .<ResponseEntity<?>>map(list -> ResponseEntity.ok(Map.of("patients", (List<DemoPatient>) list)))
        .onErrorResume(e -> Mono.just(ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
            .body(Map.of("error", e.getMessage()))));
  }

  @PostMapping("/api/phone/replies")
  public Mono<ResponseEntity<Map<String, Object>>> reply(@RequestBody Reply reply) {
    Optional<String> from = e164(reply.phone());
    if (from.isEmpty()) {
      return bad("El teléfono del paciente no es un número válido");
    }
    boolean whatsapp = "whatsapp".equalsIgnoreCase(reply.channel());
    if (!whatsapp && !"sms".equalsIgnoreCase(reply.channel())) {
      return bad("Se responde por 'whatsapp' o 'sms', no por '" + reply.channel() + "'");
    }
    boolean button = reply.buttonPayload() != null && !reply.buttonPayload().isBlank();
    if (button && !PAYLOAD.matcher(reply.buttonPayload()).matches()) {
      return bad("El botón no tiene un código válido");
    }
    if (!button && (reply.text() == null || reply.text().isBlank())) {
      return bad("Escriba una respuesta o toque un botón");
    }
    if (reply.text() != null && reply.text().length() > MAX_TEXT) {
      return bad("La respuesta es demasiado larga (máximo " + MAX_TEXT + " caracteres)");
    }
    SimulatedTwilio.InboundMessage message = new SimulatedTwilio.InboundMessage(whatsapp, from.get(),
        button ? null : reply.text(), button ? reply.buttonPayload() : null, button ? reply.buttonText() : null,
        reply.repliedTo());
    log.info("Patient-phone page: a {} {} from {} to response-service", whatsapp ? "WhatsApp" : "SMS",
        button ? "button " + reply.buttonPayload() : "text", Mask.phone(from.get()));
    return deliver(twilio.send(message));
  }

  @PostMapping("/api/phone/keypresses")
  public Mono<ResponseEntity<Map<String, Object>>> press(@RequestBody KeyPress press) {
    Optional<String> patient = e164(press.phone());
    if (patient.isEmpty()) {
      return bad("El teléfono del paciente no es un número válido");
    }
    if (press.digits() == null || !DIGITS.matcher(press.digits()).matches()) {
      return bad("Marque una tecla del 0 al 9");
    }
    return deliver(twilio.press(press.voiceUrl(), patient.get(), press.digits()));
  }

  private Mono<ResponseEntity<Map<String, Object>>> deliver(Mono<SimulatedTwilio.WebhookResult> call) {
    return call.timeout(TIMEOUT)
        .map(result -> result.accepted()
            ? ResponseEntity.ok(Map.<String, Object>of("accepted", true, "status", result.status(),
                "webhook", result.path(), "answer", result.body(), "at", clock.instant().toString()))
            : ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(Map.<String, Object>of("accepted", false,
                "status", result.status(), "webhook", result.path(),
                "error", "response-service respondió " + result.status() + ": " + result.body().strip()
                    + (result.status() == 403 ? " (¿usa response-service el token de desarrollo documentado?)" : ""))))
        .onErrorResume(IllegalArgumentException.class, e -> bad(e.getMessage()))
        .onErrorResume(e -> Mono.just(ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
            .body(Map.<String, Object>of("accepted", false, "error", "response-service no responde: " + e.getMessage()))));
  }

  private Optional<String> e164(String phone) {
    return PhoneNumber.tryParse(phone, phoneRegion).map(PhoneNumber::e164);
  }

  private static Mono<ResponseEntity<Map<String, Object>>> bad(String message) {
    return Mono.just(ResponseEntity.badRequest().body(Map.of("accepted", false, "error", message)));
  }
}
