package org.contactability.response.adapters.twilio;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import org.contactability.common.privacy.Mask;
import org.contactability.contracts.common.Channel;
import org.contactability.response.adapters.web.DecisionWaits;
import org.contactability.response.application.InboundMessages;
import org.contactability.response.application.VoiceCalls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import reactor.core.publisher.Mono;

/**
 * Twilio's webhooks: inbound WhatsApp and SMS messages, and the TwiML and key presses of reminder calls.
 * Every request must carry a valid X-Twilio-Signature over the public URL; one that does not gets 403
 * and changes nothing. A signed message or key press without the fields Twilio always sends, in their
 * shapes, gets 400 with the reason and changes nothing either ({@link TwilioForms}). Functional routes: the
 * busiest endpoint of the service skips annotation dispatch.
 */
public class TwilioWebhooks {

  static final String SIGNATURE = "X-Twilio-Signature";
  private static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";
  private static final Logger log = LoggerFactory.getLogger(TwilioWebhooks.class);

  private final TwilioSignatures signatures;
  private final TwilioForms forms;
  private final InboundMessages inbound;
  private final VoiceCalls calls;
  private final VoiceScripts scripts;
  private final DecisionWaits waits;
  private final String publicBaseUrl;
  private final Clock clock;
  private final MeterRegistry meters;

  /** @param phoneRegion region of numbers written without a country code */
  public TwilioWebhooks(TwilioSignatures signatures, String phoneRegion, InboundMessages inbound, VoiceCalls calls,
      VoiceScripts scripts, DecisionWaits waits, String publicBaseUrl, Clock clock, MeterRegistry meters) {
    this.signatures = signatures;
    this.forms = new TwilioForms(phoneRegion);
    this.inbound = inbound;
    this.calls = calls;
    this.scripts = scripts;
    this.waits = waits;
    this.publicBaseUrl = publicBaseUrl;
    this.clock = clock;
    this.meters = meters;
  }

  /** The routes: {@code POST /twilio/inbound}, {@code GET|POST /twilio/voice/{token}}, {@code POST .../gather}. */
  public RouterFunction<ServerResponse> routes() {
    return RouterFunctions.route()
        .POST("/twilio/inbound", this::inbound)
        .route(RequestPredicates.path("/twilio/voice/{token}")
            .and(RequestPredicates.methods(org.springframework.http.HttpMethod.GET,
                org.springframework.http.HttpMethod.POST)), this::voice)
        .POST("/twilio/voice/{token}/gather", this::gather)
        .build();
  }

  /** A WhatsApp or SMS message from a patient (Twilio's messaging webhook). */
  Mono<ServerResponse> inbound(ServerRequest request) {
    return signedForm(request).map(params -> wellFormed(request, "inbound", forms.message(params)))
        .flatMap(message -> waits.ready().flatMap(ready -> {
          if (!ready) {
            return unavailable("inbound");
          }
          return Mono.fromFuture(inbound.receive(message)).flatMap(understood -> {
            meters.counter("contactability.response.inbound", "channel", message.channel().name(),
                "intent", understood.intent().name(), "correlation", understood.method().name()).increment();
            return twiml(HttpStatus.OK, EMPTY_TWIML);
          });
        })).onErrorResume(Rejected.class, Rejected::response);
  }

  /** The TwiML of a reminder call: reads the question and gathers one key. */
  Mono<ServerResponse> voice(ServerRequest request) {
    String token = request.pathVariable("token");
    return signedForm(request).flatMap(params -> waits.ready().flatMap(ready -> {
      if (!ready) {
        return unavailable("voice");
      }
      int attempt = attempt(request);
      VoiceCalls.Script script = calls.script(token, clock.instant());
      if (script instanceof VoiceCalls.Ask ask) {
        return twiml(HttpStatus.OK, scripts.ask(ask, voiceUrl(token), voiceUrl(token) + "/gather", attempt));
      }
      return twiml(HttpStatus.OK, scripts.notValid(((VoiceCalls.NotValid) script).hospitalPhone()));
    })).onErrorResume(Rejected.class, Rejected::response);
  }

  /** The key pressed during a reminder call. */
  Mono<ServerResponse> gather(ServerRequest request) {
    String token = request.pathVariable("token");
    return signedForm(request).map(params -> wellFormed(request, "gather", forms.keyPress(params)))
        .flatMap(key -> waits.ready().flatMap(ready -> {
          if (!ready) {
            return unavailable("gather");
          }
          int attempt = attempt(request);
          Optional<java.util.concurrent.CompletableFuture<VoiceCalls.Pressed>> pressed =
              calls.press(token, key.digits(), key.callSid(), key.patient(), clock.instant());
          if (pressed.isEmpty()) {
            return twiml(HttpStatus.OK, scripts.notValid(null));
          }
          return Mono.fromFuture(pressed.get()).flatMap(result -> {
            if (result instanceof VoiceCalls.Answered answered) {
              meters.counter("contactability.response.inbound", "channel", Channel.VOICE.name(),
                  "intent", answered.response().getIntent().name(), "correlation", "VOICE_CALL").increment();
              return afterAnswer(answered);
            }
            return twiml(HttpStatus.OK, scripts.notUnderstood(voiceUrl(token), attempt));
          });
        })).onErrorResume(Rejected.class, Rejected::response);
  }

  private Mono<ServerResponse> afterAnswer(VoiceCalls.Answered answered) {
    if (answered.kind() != org.contactability.response.domain.QuestionKind.APPOINTMENT) {
      return twiml(HttpStatus.OK, scripts.answered(answered.kind(), null, null));
    }
    return waits.decisionFor(answered.response().getResponseId())
        .flatMap(decision -> twiml(HttpStatus.OK, scripts.answered(answered.kind(), decision.orElse(null),
            decision.map(d -> org.contactability.response.application.AnswerRequests.detailsOf(d.getAppointment()))
                .orElse(null))));
  }

  /** The form parameters of a request whose signature verifies; a {@link Rejected} error otherwise. */
  private Mono<Map<String, String>> signedForm(ServerRequest request) {
    String path = request.requestPath().pathWithinApplication().value();
    String query = request.uri().getRawQuery();
    String signature = request.headers().firstHeader(SIGNATURE);
    return request.formData().map(form -> form.toSingleValueMap()).flatMap(params -> {
      String url = publicBaseUrl + path + (query == null ? "" : "?" + query);
      if (signatures.verify(url, params, signature)) {
        return Mono.just(params);
      }
      String reason = signature == null ? "missing" : signatures.isConfigured() ? "invalid" : "no-auth-token";
      meters.counter("contactability.response.webhook.rejected", "reason", reason).increment();
      log.warn("Refused a Twilio webhook to {}: signature {} (sender {}, expected URL {})",
          path.replaceAll("/voice/[^/]+", "/voice/<token>"), reason, Mask.address(params.get("From")), publicBaseUrl);
      return Mono.error(new Rejected(ServerResponse.status(HttpStatus.FORBIDDEN).contentType(MediaType.TEXT_PLAIN)
          .bodyValue("Forbidden: X-Twilio-Signature " + reason + "\n")));
    });
  }

  /**
   * The input of a signed form; a {@link Rejected} 400 when it is not a form or lacks what Twilio always
   * sends (the reason names the field, never its value).
   */
  private <T> T wellFormed(ServerRequest request, String webhook, TwilioForms.Read<T> read) {
    String reason;
    if (!request.headers().contentType().filter(MediaType.APPLICATION_FORM_URLENCODED::isCompatibleWith).isPresent()) {
      reason = "the body is not application/x-www-form-urlencoded";
    } else if (read instanceof TwilioForms.Valid<T> valid) {
      return valid.value();
    } else {
      reason = ((TwilioForms.Invalid<T>) read).reason();
    }
    meters.counter("contactability.response.webhook.rejected", "reason", "malformed").increment();
    log.warn("Refused a signed Twilio {} webhook: {}", webhook, reason);
    throw new Rejected(ServerResponse.badRequest().contentType(MediaType.TEXT_PLAIN)
        .bodyValue("Bad Request: " + reason + "\n"));
  }

  private static int attempt(ServerRequest request) {
    String attempt = request.queryParam("intento").orElse(null);
    try {
      return attempt == null ? 1 : Math.max(1, Integer.parseInt(attempt));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  private String voiceUrl(String token) {
    return publicBaseUrl + "/twilio/voice/" + token;
  }

  private Mono<ServerResponse> unavailable(String webhook) {
    meters.counter("contactability.response.webhook.rejected", "reason", "not-ready").increment();
    log.warn("Refused a Twilio {} webhook: the answer views are still being restored", webhook);
    return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.TEXT_PLAIN)
        .bodyValue("Service starting, retry\n");
  }

  private static Mono<ServerResponse> twiml(HttpStatus status, String xml) {
    return ServerResponse.status(status).contentType(MediaType.TEXT_XML).bodyValue(xml);
  }

  /** A refused request, carried through the reactive chain as its response. */
  private static final class Rejected extends RuntimeException {
    private final transient Mono<ServerResponse> response;

    Rejected(Mono<ServerResponse> response) {
      super(null, null, false, false);
      this.response = response;
    }

    Mono<ServerResponse> response() {
      return response;
    }
  }
}
