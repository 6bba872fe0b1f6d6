package org.contactability.notifier.adapters.web;

import java.util.Map;
import java.util.Optional;

import com.twilio.security.RequestValidator;
import org.contactability.notifier.adapters.twilio.TwilioStatuses;
import org.contactability.notifier.application.DeliveryReports;
import org.contactability.notifier.application.ProviderReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code POST /twilio/status}: Twilio's status callbacks for messages and calls. The
 * X-Twilio-Signature is checked with twilio-java's {@link RequestValidator} against the configured
 * public URL (what Twilio was given, which differs from what this server sees behind a proxy) plus
 * the query string; a forged or unsigned callback gets 403 and changes nothing, and so does every
 * callback when Twilio is not configured.
 */
public final class TwilioStatusEndpoint {

  private static final Logger log = LoggerFactory.getLogger(TwilioStatusEndpoint.class);
  static final String SIGNATURE = "X-Twilio-Signature";

  private final RequestValidator validator;
  private final String publicUrl;
  private final DeliveryReports reports;

  /** @param authToken null when Twilio is not configured: every callback is then refused (403) */
  public TwilioStatusEndpoint(String authToken, String publicUrl, DeliveryReports reports) {
    this.validator = authToken == null || authToken.isBlank() ? null : new RequestValidator(authToken);
    this.publicUrl = publicUrl;
    this.reports = reports;
  }

  public Mono<ServerResponse> handle(ServerRequest request) {
    if (validator == null) {
      // Not a fault of this service (a 5xx would page someone): a callback nobody can sign is simply refused.
      log.warn("status callback refused: Twilio is not configured on this notifier (notifier.twilio.auth-token)");
      return ServerResponse.status(HttpStatus.FORBIDDEN).bodyValue("Forbidden: Twilio is not configured on this"
          + " notifier\n");
    }
    String signature = request.headers().firstHeader(SIGNATURE);
    String rawQuery = request.uri().getRawQuery();
    String signedUrl = publicUrl + (rawQuery == null ? "" : "?" + rawQuery);
    return request.formData().flatMap(form -> {
      Map<String, String> params = form.toSingleValueMap();
      if (signature == null || !validator.validate(signedUrl, params, signature)) {
        log.warn("status callback refused: {} X-Twilio-Signature (check notifier.twilio.status-callback-url is the"
            + " public URL Twilio calls)", signature == null ? "no" : "invalid");
        return ServerResponse.status(HttpStatus.FORBIDDEN).bodyValue("invalid X-Twilio-Signature");
      }
      Optional<ProviderReport> report =
          TwilioStatuses.fromCallback(params, request.queryParam("requestId").orElse(null));
      if (report.isEmpty()) {
        return ServerResponse.noContent().build();
      }
      // Publishing waits for the broker: off the event loop.
      return Mono.fromCallable(() -> reports.report("twilio", report.get()))
          .subscribeOn(Schedulers.boundedElastic())
          .flatMap(result -> ServerResponse.noContent().build())
          .onErrorResume(e -> {
            log.error("status callback could not be recorded: {}", e.toString());
            return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE).bodyValue("status not recorded, try again");
          });
    });
  }
}
