package org.contactability.waitlist.adapters.web;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.contactability.contracts.waitlist.PurgeCampaign;
import org.contactability.contracts.waitlist.PurgeCampaignProgress;
import org.contactability.waitlist.application.CampaignProgressView;
import org.contactability.waitlist.application.AnswerWindows;
import org.contactability.waitlist.application.CampaignRequests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/**
 * Purge campaigns for operators.
 * <ul>
 * <li>{@code POST /api/campaigns} with {@code {"hospitalCode": "HCH", "specialty": "Cardiología",
 * "answerWindowDays": 7, "requestedBy": "jperez"}} (specialty, window and requestedBy optional; no
 * specialty means the hospital's whole list) starts one: 202 with its id and where to follow it,
 * 400 with the reason when the request is invalid.</li>
 * <li>{@code GET /api/campaigns/{id}}: its status and counts; 404 until the campaign has started (a
 * moment after the POST), 503 while the service is starting.</li>
 * </ul>
 */
@RestController
@RequestMapping("/api/campaigns")
public class CampaignController {

  private static final Logger log = LoggerFactory.getLogger(CampaignController.class);
  private static final Pattern HOSPITAL_CODE = Pattern.compile("[A-Za-z0-9_-]{1,40}");
  private static final Pattern CAMPAIGN_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final CampaignRequests requests;
  private final CampaignProgressView progress;
  private final AnswerWindows windows;
  private final Clock clock;

  public CampaignController(CampaignRequests requests, CampaignProgressView progress, AnswerWindows windows,
      Clock clock) {
    this.requests = requests;
    this.progress = progress;
    this.windows = windows;
    this.clock = clock;
  }

  /** Body of a campaign request. */
  public record StartRequest(String hospitalCode, String specialty, Integer answerWindowDays, String requestedBy) {
  }

  /** Answer to a campaign request. */
  public record Started(String campaignId, String status, String progress) {
  }

  /** Counts of a campaign; every entry is in exactly one of the counts after {@code asked}. */
  public record Progress(String campaignId, String hospitalCode, String specialty, int answerWindowDays,
      String status, int total, int asked, int queued, int awaitingAnswer, int stillNeeded, int withdrawing,
      int withdrawn, int withdrawalRefused, int noAnswer, int undeliverable, Instant startedAt, Instant updatedAt,
      Instant completedAt) {

    static Progress of(PurgeCampaignProgress p) {
      return new Progress(p.getCampaignId(), p.getHospitalCode(), p.getSpecialty(), p.getAnswerWindowDays(),
          p.getStatus().name(), p.getTotal(), p.getAsked(), p.getQueued(), p.getAwaitingAnswer(), p.getStillNeeded(),
          p.getWithdrawing(), p.getWithdrawn(), p.getWithdrawalRefused(), p.getNoAnswer(), p.getUndeliverable(),
          p.getStartedAt(), p.getUpdatedAt(), p.getCompletedAt());
    }
  }

  @PostMapping
  public Mono<ResponseEntity<Object>> start(@RequestBody(required = false) StartRequest body) {
    String problem = problem(body);
    if (problem != null) {
      return Mono.just(ResponseEntity.badRequest().body(Map.of("error", problem)));
    }
    int window = body.answerWindowDays() != null ? body.answerWindowDays() : windows.defaultDays();
    String specialty = body.specialty() == null || body.specialty().isBlank() ? null : body.specialty().strip();
    PurgeCampaign campaign = PurgeCampaign.newBuilder()
        .setCampaignId(UUID.randomUUID().toString())
        .setHospitalCode(body.hospitalCode().strip())
        .setSpecialty(specialty)
        .setAnswerWindowDays(window)
        .setRequestedAt(clock.instant())
        .setRequestedBy(body.requestedBy())
        .build();
    String location = "/api/campaigns/" + campaign.getCampaignId();
    return Mono.fromFuture(() -> requests.submit(campaign))
        .doOnSuccess(done -> log.info("Purge campaign {} requested for hospital {} ({}), window {} days",
            campaign.getCampaignId(), campaign.getHospitalCode(), specialty == null ? "whole list" : specialty, window))
        .thenReturn(ResponseEntity.accepted().location(URI.create(location))
            .body((Object) new Started(campaign.getCampaignId(), "REQUESTED", location)))
        .onErrorResume(e -> {
          log.error("Could not record purge campaign request {}: {}", campaign.getCampaignId(), e.toString());
          return Mono.just(ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
              .body(Map.of("error", "the campaign could not be recorded (message broker unavailable); try again")));
        });
  }

  @GetMapping("/{id}")
  public Mono<ResponseEntity<Object>> progress(@PathVariable("id") String id) {
    if (!CAMPAIGN_ID.matcher(id).matches()) {
      return Mono.just(ResponseEntity.badRequest().body(Map.of("error", "not a campaign id")));
    }
    return Mono.fromCallable(() -> progress.progress(id))
        .map(found -> found.<ResponseEntity<Object>>map(p -> ResponseEntity.ok(Progress.of(p)))
            .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(Map.of("error", "no campaign " + id + " (yet: a campaign appears a moment after it is requested)"))))
        .onErrorResume(IllegalStateException.class, e -> Mono.just(ResponseEntity
            .status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("error", e.getMessage()))));
  }

  private String problem(StartRequest body) {
    if (body == null) {
      return "a JSON body with hospitalCode is required";
    }
    if (body.hospitalCode() == null || !HOSPITAL_CODE.matcher(body.hospitalCode().strip()).matches()) {
      return "hospitalCode is required: 1 to 40 letters, digits, '-' or '_'";
    }
    if (body.specialty() != null && body.specialty().length() > 120) {
      return "specialty is longer than 120 characters";
    }
    int max = windows.maxDays();
    if (body.answerWindowDays() != null && (body.answerWindowDays() < 1 || body.answerWindowDays() > max)) {
      return "answerWindowDays must be between 1 and " + max;
    }
    if (body.requestedBy() != null && body.requestedBy().length() > 120) {
      return "requestedBy is longer than 120 characters";
    }
    return null;
  }
}
