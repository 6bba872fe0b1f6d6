package org.contactability.notifier.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.FailureKind;
import org.contactability.notifier.domain.SmsSegments;

/** The notifier's meters. Tags are channels, outcomes, statuses and hospital codes: never patient data. */
public final class NotifierMetrics {

  /**
   * What became of a request taken from contact.requests. SETTLED: a send found in doubt (cut off by a restart)
   * that the provider turned out to hold; GAVE_UP: the provider did not take it before its deadline (failure
   * TEMPORARY); UNRENDERABLE: our own technical failure (template, configuration; failure TECHNICAL);
   * PATIENT_ERASED: its patient's data keys were destroyed (failure PERMANENT); UNREADABLE: its sealed recipient
   * cannot be opened yet (failure TECHNICAL, parked).
   */
  public enum Outcome {
    SENT, SETTLED, REJECTED, SUPPRESSED, EXPIRED, INVALID_RECIPIENT, OVER_WHATSAPP_LIMIT, DUPLICATE, GAVE_UP,
    UNRENDERABLE, PATIENT_ERASED, UNREADABLE
  }

  private final MeterRegistry registry;
  private final Clock wallClock;
  // Found again by their tags for every message: a builder and its tags per call were a measurable share of a
  // burst's allocations.
  private final Map<RequestKey, Counter> requests = new ConcurrentHashMap<>();
  private final Map<StatusKey, Counter> statuses = new ConcurrentHashMap<>();

  /**
   * @param wallClock the real time: HIS commit times are stamped by the HIS database's clock, which
   *                  the platform's (movable) clock does not move, so latency is read on wall time
   */
  public NotifierMetrics(MeterRegistry registry, Clock wallClock) {
    this.registry = registry;
    this.wallClock = wallClock;
  }

  public void request(String hospitalCode, Channel channel, Outcome outcome) {
    requests.computeIfAbsent(new RequestKey(hospitalCode, channel, outcome), key ->
        Counter.builder("contactability.notifier.requests")
            .description("Contact requests handled, by what became of them")
            .tag("hospital", hospitalCode).tag("channel", name(channel)).tag("outcome", name(outcome))
            .register(registry)).increment();
  }

  /** @param failure the kind of failure of FAILED, UNDELIVERED and EXPIRED statuses, else null ("none") */
  public void status(Channel channel, DeliveryStatus status, FailureKind failure) {
    statuses.computeIfAbsent(new StatusKey(channel, status, failure), key ->
        Counter.builder("contactability.notifier.statuses")
            .description("Delivery statuses published on contact.status, with the kind of failure")
            .tag("channel", name(channel)).tag("status", name(status))
            .tag("failure", failure == null ? "none" : name(failure))
            .register(registry)).increment();
  }

  /** An in-doubt send was looked up at its provider: found (recorded, not sent again) or not (sent). */
  public void settled(Channel channel, boolean found) {
    Counter.builder("contactability.notifier.settled")
        .description("In-doubt sends looked up at the provider, by whether the provider held the message")
        .tag("channel", name(channel)).tag("outcome", found ? "found" : "not_found")
        .register(registry).increment();
  }

  public void providerCall(Channel channel, String provider, Duration took) {
    Timer.builder("contactability.notifier.provider.calls")
        .description("Time of one provider call (one attempt), retries and rate-limit waits excluded")
        .tag("channel", name(channel)).tag("provider", provider)
        .publishPercentiles(0.5, 0.99)
        .register(registry).record(took);
  }

  /**
   * A message caused straight away by a change in the HIS (a booking notice, a cancellation notice, a
   * step already due) was accepted by its provider: the time since the HIS committed that change.
   * Messages sent at a planned later time carry no commit time and are not measured here (their
   * lateness is the scheduler's {@code send.delay}).
   */
  public void acceptedAfterHisCommit(String hospitalCode, Channel channel, Instant hisCommit) {
    if (hisCommit == null) {
      return;
    }
    Duration latency = Duration.between(hisCommit, wallClock.instant());
    if (latency.isNegative()) {
      return; // clocks of the HIS and this host disagree; a negative latency would only mislead
    }
    Timer.builder("contactability.notifier.his.commit.to.send")
        .description("From the HIS commit that caused a message to its provider accepting it")
        .tag("hospital", hospitalCode).tag("channel", name(channel))
        .publishPercentiles(0.5, 0.99)
        .register(registry).record(latency);
  }

  public void smsSegments(SmsSegments segments) {
    DistributionSummary.builder("contactability.notifier.sms.segments")
        .description("Segments of each SMS sent")
        .tag("encoding", segments.encoding().label())
        .register(registry).record(segments.segments());
  }

  public void unmatchedReport(String provider) {
    Counter.builder("contactability.notifier.reports.unmatched")
        .description("Provider status reports that matched no recent request")
        .tag("provider", provider).register(registry).increment();
  }

  private static String name(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  private record RequestKey(String hospitalCode, Channel channel, Outcome outcome) {
  }

  private record StatusKey(Channel channel, DeliveryStatus status, FailureKind failure) {
  }
}
