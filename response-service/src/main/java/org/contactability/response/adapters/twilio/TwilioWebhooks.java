package org.contactability.response.adapters.twilio;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import org.contactability.common.privacy.Mask;
import org.contactability.contracts.common.Channel;
import org.contactability.response.adapters.web.DecisionWaits;
import org.contactability.response.application.InboundMessages;
import org.contactability.response.application.InboundMessages.InboundMessage;
import org.contactability.response.application.VoiceCalls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * Twilio's webhooks: inbound WhatsApp and SMS messages, and the TwiML and key presses of reminder calls.
 * Every request must carry a valid X-Twilio-Signature over the public URL; one that does not gets 403
 * and changes nothing.
 */
@RestController
public class TwilioWebhooks {

  static final String SIGNATURE = "X-Twilio-Signature";
  private static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";
  private static final Logger log = LoggerFactory.getLogger(TwilioWebhooks.class);

  private final TwilioSignatures signatures;
  private final InboundMessages inbound;
  private final VoiceCalls calls;
  private final VoiceScripts scripts;
  private final DecisionWaits waits;
  private final String publicBaseUrl;
  private final Clock clock;
  private final MeterRegistry meters;

  public TwilioWebhooks(TwilioSignatures signatures, InboundMessages inbound, VoiceCalls calls, VoiceScripts scripts,
      DecisionWaits waits, String publicBaseUrl, Clock clock, MeterRegistry meters) {
    this.signatures = signatures;
    this.inbound = inbound;
    this.calls = calls;
    this.scripts = scripts;
    this.waits = waits;
    this.publicBaseUrl = publicBaseUrl;
    this.clock = clock;
    this.meters = meters;
  }

  /** A WhatsApp or SMS message from a patient (Twilio's messaging webhook). */
  @PostMapping(path = "/twilio/inbound", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
  public Mono<ResponseEntity<String>> inbound(ServerWebExchange exchange) {
    return signedForm(exchange).flatMap(params -> waits.ready().flatMap(ready -> {
      if (!ready) {
        return unavailable("inbound");
      }
      String from = params.get("From");
      InboundMessage message = new InboundMessage(params.get("MessageSid"),
          from != null && from.startsWith("whatsapp:") ? Channel.WHATSAPP : Channel.SMS, from, params.get("Body"),
          params.get("ButtonPayload"), params.get("ButtonText"), params.get("OriginalRepliedMessageSid"));
      return Mono.fromFuture(inbound.receive(message)).map(understood -> {
        meters.counter("contactability.response.inbound", "channel", message.channel().name(),
            "intent", understood.intent().name(), "correlation", understood.method().name()).increment();
        return twiml(HttpStatus.OK, EMPTY_TWIML);
      });
    })).onErrorResume(Rejected.class, rejected -> Mono.just(rejected.response()));
  }

  /** The TwiML of a reminder call: reads the question and gathers one key. */
  @RequestMapping(path = "/twilio/voice/{token}", method = {RequestMethod.GET, RequestMethod.POST})
  public Mono<ResponseEntity<String>> voice(@PathVariable String token, ServerWebExchange exchange) {
    return signedForm(exchange).flatMap(params -> waits.ready().map(ready -> {
      if (!ready) {
        return unavailableNow("voice");
      }
      int attempt = attempt(exchange.getRequest());
      VoiceCalls.Script script = calls.script(token, clock.instant());
      if (script instanceof VoiceCalls.Ask ask) {
        return twiml(HttpStatus.OK, scripts.ask(ask, voiceUrl(token), voiceUrl(token) + "/gather", attempt));
      }
      return twiml(HttpStatus.OK, scripts.notValid(((VoiceCalls.NotValid) script).hospitalPhone()));
    })).onErrorResume(Rejected.class, rejected -> Mono.just(rejected.response()));
  }

  /** The key pressed during a reminder call. */
  @PostMapping(path = "/twilio/voice/{token}/gather", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
  public Mono<ResponseEntity<String>> gather(@PathVariable String token, ServerWebExchange exchange) {
    return signedForm(exchange).flatMap(params -> waits.ready().flatMap(ready -> {
      if (!ready) {
        return unavailable("gather");
      }
      int attempt = attempt(exchange.getRequest());
      String patient = "inbound".equalsIgnoreCase(params.get("Direction")) ? params.get("From") : params.get("To");
      Optional<java.util.concurrent.CompletableFuture<VoiceCalls.Pressed>> pressed =
          calls.press(token, params.get("Digits"), params.get("CallSid"), patient, clock.instant());
      if (pressed.isEmpty()) {
        return Mono.just(twiml(HttpStatus.OK, scripts.notValid(null)));
      }
      return Mono.fromFuture(pressed.get()).flatMap(result -> {
        if (result instanceof VoiceCalls.Answered answered) {
          meters.counter("contactability.response.inbound", "channel", Channel.VOICE.name(),
              "intent", answered.response().getIntent().name(), "correlation", "VOICE_CALL").increment();
          return afterAnswer(answered);
        }
        return Mono.just(twiml(HttpStatus.OK, scripts.notUnderstood(voiceUrl(token), attempt)));
      });
    })).onErrorResume(Rejected.class, rejected -> Mono.just(rejected.response()));
  }

  private Mono<ResponseEntity<String>> afterAnswer(VoiceCalls.Answered answered) {
    if (answered.kind() != org.contactability.response.domain.QuestionKind.APPOINTMENT) {
      return Mono.just(twiml(HttpStatus.OK, scripts.answered(answered.kind(), null, null)));
    }
    return waits.decisionFor(answered.response().getResponseId())
        .map(decision -> twiml(HttpStatus.OK, scripts.answered(answered.kind(), decision.orElse(null),
            decision.map(d -> org.contactability.response.application.AnswerRequests.detailsOf(d.getAppointment()))
                .orElse(null))));
  }

  /** The form parameters of a request whose signature verifies; a {@link Rejected} error otherwise. */
  private Mono<Map<String, String>> signedForm(ServerWebExchange exchange) {
    ServerHttpRequest request = exchange.getRequest();
    return exchange.getFormData().map(form -> form.toSingleValueMap()).flatMap(params -> {
      String url = publicBaseUrl + request.getPath().pathWithinApplication().value()
          + (request.getURI().getRawQuery() == null ? "" : "?" + request.getURI().getRawQuery());
      String signature = request.getHeaders().getFirst(SIGNATURE);
      if (signatures.verify(url, params, signature)) {
        return Mono.just(params);
      }
      String reason = signature == null ? "missing" : signatures.isConfigured() ? "invalid" : "no-auth-token";
      meters.counter("contactability.response.webhook.rejected", "reason", reason).increment();
      log.warn("Refused a Twilio webhook to {}: signature {} (sender {}, expected URL {})",
          request.getPath().pathWithinApplication().value().replaceAll("/voice/[^/]+", "/voice/<token>"), reason,
          Mask.address(params.get("From")), publicBaseUrl);
      return Mono.error(new Rejected(ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.TEXT_PLAIN)
          .body("Forbidden: X-Twilio-Signature " + reason + "\n")));
    });
  }

  private static int attempt(ServerHttpRequest request) {
    String attempt = request.getQueryParams().getFirst("intento");
    try {
      return attempt == null ? 1 : Math.max(1, Integer.parseInt(attempt));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  private String voiceUrl(String token) {
    return publicBaseUrl + "/twilio/voice/" + token;
  }

  private Mono<ResponseEntity<String>> unavailable(String webhook) {
    return Mono.just(unavailableNow(webhook));
  }

  private ResponseEntity<String> unavailableNow(String webhook) {
    meters.counter("contactability.response.webhook.rejected", "reason", "not-ready").increment();
    log.warn("Refused a Twilio {} webhook: the answer views are still being restored", webhook);
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.TEXT_PLAIN)
        .body("Service starting, retry\n");
  }

  private static ResponseEntity<String> twiml(HttpStatus status, String xml) {
    return ResponseEntity.status(status).contentType(MediaType.TEXT_XML).body(xml);
  }

  /** A refused request, carried through the reactive chain as its response. */
  private static final class Rejected extends RuntimeException {
    private final transient ResponseEntity<String> response;

    Rejected(ResponseEntity<String> response) {
      super(null, null, false, false);
      this.response = response;
    }

    ResponseEntity<String> response() {
      return response;
    }
  }
}
