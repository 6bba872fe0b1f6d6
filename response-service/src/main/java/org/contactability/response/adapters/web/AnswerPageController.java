package org.contactability.response.adapters.web;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.MeterRegistry;
import org.contactability.response.application.AnswerLinks;
import org.contactability.response.domain.Intent;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * The answer page behind the links in SMS and e-mail. GET only shows (mail scanners and link previews
 * follow links: they must change nothing); POST, with its CSRF token, gives the answer, then redirects to
 * the page, which tells the outcome.
 */
@Controller
public class AnswerPageController {

  /** Query parameter naming the answer whose outcome the page shows once. */
  static final String RESPONSE_PARAM = "respuesta";
  /**
   * Cookie the POST sets to the answer it published, for the page it redirects to: only a browser that
   * gave an answer is told it was received before the answer is judged (any {@code ?respuesta=} can be typed).
   */
  static final String RESPONSE_COOKIE = "respuesta";
  private static final Duration RESPONSE_COOKIE_AGE = Duration.ofHours(1);
  /** Query parameter of e-mail links naming the button pressed in the e-mail. */
  static final String INTENT_PARAM = "intent";
  /** Form field carrying the answer (an intent name). */
  static final String ACTION_FIELD = "accion";

  private final AnswerLinks links;
  private final AnswerPageModel model;
  private final DecisionWaits waits;
  private final Clock clock;
  private final MeterRegistry meters;

  public AnswerPageController(AnswerLinks links, AnswerPageModel model, DecisionWaits waits, Clock clock,
      MeterRegistry meters) {
    this.links = links;
    this.model = model;
    this.waits = waits;
    this.clock = clock;
    this.meters = meters;
  }

  /**
   * @param responseId an answer given on this page, whose outcome to show
   * @param intent     the answer an e-mail's button linked to: offered first, still only taken by a POST
   */
  @GetMapping("/r/{token}")
  public Mono<Rendering> show(@PathVariable String token,
      @RequestParam(name = RESPONSE_PARAM, required = false) String responseId,
      @RequestParam(name = INTENT_PARAM, required = false) String intent,
      @CookieValue(name = RESPONSE_COOKIE, required = false) String answeredHere) {
    boolean submittedHere = responseId != null && responseId.equals(answeredHere);
    return waits.ready().map(ready -> ready
        ? render(links.view(token, clock.instant(), responseId, submittedHere), parseIntent(intent).orElse(null))
        : unavailable());
  }

  @PostMapping("/r/{token}")
  public Mono<Rendering> answer(@PathVariable String token, ServerWebExchange exchange) {
    return exchange.getFormData().flatMap(form -> waits.ready().flatMap(ready -> {
      if (!ready) {
        return Mono.just(unavailable());
      }
      Optional<Intent> intent = parseIntent(form.getFirst(ACTION_FIELD));
      Optional<CompletableFuture<AnswerLinks.Submitted>> submitted = intent.flatMap(
          i -> links.answer(token, i, clock.instant()));
      if (submitted.isEmpty()) {
        AnswerLinks.Page page = links.view(token, clock.instant());
        return Mono.just(page instanceof AnswerLinks.Open ? badRequest(page) : render(page));
      }
      return Mono.fromFuture(submitted.get()).flatMap(done -> {
        meters.counter("contactability.response.inbound", "channel", "WEB",
            "intent", done.response().getIntent().name(), "correlation", "ANSWER_LINK").increment();
        String responseId = done.response().getResponseId();
        exchange.getResponse().addCookie(ResponseCookie.from(RESPONSE_COOKIE, responseId).path("/r/" + token)
            .maxAge(RESPONSE_COOKIE_AGE).httpOnly(true).sameSite("Strict")
            .secure(exchange.getRequest().getSslInfo() != null).build());
        Mono<?> judged = done.decisionExpected() ? waits.decisionFor(responseId) : Mono.just(Optional.empty());
        return judged.thenReturn(Rendering.redirectTo("/r/" + token + "?" + RESPONSE_PARAM + "=" + responseId)
            .status(HttpStatus.SEE_OTHER).build());
      });
    }));
  }

  private Rendering render(AnswerLinks.Page page) {
    return render(page, null);
  }

  private Rendering render(AnswerLinks.Page page, Intent preferred) {
    HttpStatus status = page instanceof AnswerLinks.Unknown ? HttpStatus.NOT_FOUND
        : page instanceof AnswerLinks.Expired ? HttpStatus.GONE : HttpStatus.OK;
    return Rendering.view("answer-page").model(model.of(page, preferred)).status(status).build();
  }

  private Rendering badRequest(AnswerLinks.Page page) {
    return Rendering.view("answer-page").model(model.of(page)).status(HttpStatus.BAD_REQUEST).build();
  }

  private Rendering unavailable() {
    return Rendering.view("answer-page").model(model.unavailable()).status(HttpStatus.SERVICE_UNAVAILABLE).build();
  }

  private static Optional<Intent> parseIntent(String value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Intent.valueOf(value));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
