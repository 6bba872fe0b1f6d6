package org.contactability.notifier.application;

import java.time.Duration;
import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.notifier.domain.SmsSegments;

/** The notifier's meters. Tags are channels, outcomes, statuses and hospital codes: never patient data. */
public final class NotifierMetrics {

  /** What became of a request taken from contact.requests. */
  public enum Outcome {
    SENT, REJECTED, SUPPRESSED, EXPIRED, INVALID_RECIPIENT, DUPLICATE, INTERRUPTED, GAVE_UP, UNRENDERABLE
  }

  private final MeterRegistry registry;

  public NotifierMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void request(String hospitalCode, Channel channel, Outcome outcome) {
    Counter.builder("contactability.notifier.requests")
        .description("Contact requests handled, by what became of them")
        .tag("hospital", hospitalCode).tag("channel", name(channel)).tag("outcome", name(outcome))
        .register(registry).increment();
  }

  public void status(Channel channel, DeliveryStatus status) {
    Counter.builder("contactability.notifier.statuses")
        .description("Delivery statuses published on contact.status")
        .tag("channel", name(channel)).tag("status", name(status))
        .register(registry).increment();
  }

  public void providerCall(Channel channel, String provider, Duration took) {
    Timer.builder("contactability.notifier.provider.calls")
        .description("Time of one provider call (one attempt), retries and rate-limit waits excluded")
        .tag("channel", name(channel)).tag("provider", provider)
        .publishPercentiles(0.5, 0.99)
        .register(registry).record(took);
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
}
