package org.contactability.notifier.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.contactability.notifier.adapters.twilio.TwilioChannels;
import org.contactability.notifier.adapters.twilio.TwilioSenders;

import org.contactability.notifier.adapters.sandbox.SandboxFaults;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of notifier-service ({@code notifier.*}); docs/notifier-service.md lists them with examples.
 *
 * @param linksBaseUrl        public base URL of the answer page (response-service): links are {@code <it>/r/<token>}
 * @param responseBaseUrl     public base URL of response-service for Twilio: calls fetch {@code <it>/twilio/voice/<token>}
 * @param phoneRegion         region of phone numbers written without a country code
 * @param defaultZone         hospital zone when neither the request nor the hospital's settings give one
 * @param appointmentDuration length of the calendar event attached to e-mails
 * @param templateLocations   where templates are looked up, first wins (e.g. file:/etc/notifier/templates/ before the shipped set)
 * @param channels            provider, threads and rate of each channel: keys whatsapp, sms, voice, email
 * @param hospitals           per hospital: senders, Content templates, zone, rates
 */
@ConfigurationProperties("notifier")
public record NotifierProperties(
    @DefaultValue("http://localhost:8085") String linksBaseUrl,
    @DefaultValue("http://localhost:8085") String responseBaseUrl,
    @DefaultValue("CL") String phoneRegion,
    @DefaultValue("America/Santiago") ZoneId defaultZone,
    @DefaultValue("30m") Duration appointmentDuration,
    @DefaultValue("classpath:templates/") List<String> templateLocations,
    @DefaultValue Kafka kafka,
    @DefaultValue Ledger ledger,
    Map<String, ChannelSettings> channels,
    @DefaultValue Resilience resilience,
    @DefaultValue Twilio twilio,
    @DefaultValue Sandbox sandbox,
    Map<String, Hospital> hospitals) {

  public NotifierProperties {
    channels = channels == null ? Map.of() : Map.copyOf(channels);
    hospitals = hospitals == null ? Map.of() : Map.copyOf(hospitals);
  }

  /** A hospital's settings, when it has any. */
  public Optional<Hospital> hospital(String code) {
    return Optional.ofNullable(hospitals.get(code));
  }

  /** Which provider carries a channel. */
  public enum Provider { SANDBOX, TWILIO, SMTP, NONE }

  /**
   * @param groupPrefix    consumer groups are {@code <prefix>.<lane>} and {@code <prefix>.opt-out}
   * @param clientIdPrefix Kafka client ids start with it
   * @param maxPollRecords requests a lane takes per batch (unless its channels say otherwise), and the opt-out
   *                       recorder
   * @param writeTimeout   how long a status write may wait for the broker
   * @param catchUpTimeout how long start-up waits to read contact.status and contact.suppressions
   */
  public record Kafka(
      @DefaultValue("notifier-service") String groupPrefix,
      @DefaultValue("notifier-service") String clientIdPrefix,
      @DefaultValue("50") int maxPollRecords,
      @DefaultValue("10s") Duration writeTimeout,
      @DefaultValue("2m") Duration catchUpTimeout) {
  }

  /**
   * @param lookback how long a request's statuses are remembered: above contact.requests' retention
   *                 (14 days), so that any redelivered request is recognised
   */
  public record Ledger(@DefaultValue("15d") Duration lookback) {
  }

  /**
   * @param provider          SANDBOX (default: nothing leaves the machine), TWILIO (WhatsApp, SMS, voice), SMTP (e-mail), NONE
   * @param threads           requests of this channel handled at once (its bulkhead)
   * @param messagesPerSecond default rate of each hospital's sender on this channel (SMS: segments per second)
   * @param batch             requests its lane takes at a time, {@code kafka.max-poll-records} by default (a lane
   *                          waits for a whole batch before it takes the next, so a fast channel drains faster with
   *                          larger batches; every request of a batch is SENDING before the first goes out)
   */
  public record ChannelSettings(Provider provider, Integer threads, Double messagesPerSecond, Integer batch) {
  }

  public record Resilience(@DefaultValue Retry retry, @DefaultValue Breaker breaker,
      @DefaultValue("2m") Duration rateLimitMaxWait) {
  }

  /**
   * A transient failure is retried until the request's {@code notAfter} (or for {@code longest} when it has none);
   * waits grow by {@code multiplier} up to {@code maxBackoff}, each drawn within ±{@code jitter}.
   */
  public record Retry(
      @DefaultValue("1s") Duration initialBackoff,
      @DefaultValue("2.0") double multiplier,
      @DefaultValue("0.5") double jitter,
      @DefaultValue("30s") Duration maxBackoff,
      @DefaultValue("6h") Duration longest) {
  }

  public record Breaker(
      @DefaultValue("50") float failureRateThreshold,
      @DefaultValue("20") int slidingWindowSize,
      @DefaultValue("10") int minimumCalls,
      @DefaultValue("30s") Duration openFor,
      @DefaultValue("3") int halfOpenCalls) {
  }

  /**
   * @param accountSid          Twilio account (AC...)
   * @param authToken           its auth token: signs requests and validates callbacks
   * @param apiBaseUrl          another Twilio API base URL (a proxy or a local stand-in); empty for Twilio
   * @param statusCallbackUrl   public URL of this service's {@code POST /twilio/status}, exactly as Twilio calls it
   * @param voiceLanguage       language of inline voice scripts
   */
  public record Twilio(
      String accountSid,
      String authToken,
      String apiBaseUrl,
      @DefaultValue("http://localhost:8084/twilio/status") String statusCallbackUrl,
      @DefaultValue("5s") Duration connectTimeout,
      @DefaultValue("15s") Duration readTimeout,
      @DefaultValue("es-MX") String voiceLanguage) {

    /** The account, asked for once a channel uses Twilio: it needs the account sid and the auth token then. */
    public TwilioChannels.Account account() {
      return new TwilioChannels.Account(required(accountSid, "notifier.twilio.account-sid"),
          required(authToken, "notifier.twilio.auth-token"), apiBaseUrl, connectTimeout, readTimeout);
    }

    private static String required(String value, String property) {
      if (value == null || value.isBlank()) {
        throw new IllegalStateException(property + " is required when a channel uses Twilio");
      }
      return value;
    }
  }

  /**
   * @param withoutWhatsapp  numbers that behave as phones without WhatsApp (UNDELIVERED, error 63024)
   * @param recipients       phones and mailboxes kept
   * @param perRecipient     messages kept per phone or mailbox
   * @param applyRateLimits  pace sandbox sends like the real providers (off: as fast as possible)
   * @param journal          file where the sandbox keeps what it received, so that it remembers across restarts
   *                         (the embedded platform: {@code <data dir>/sandbox/journal.jsonl}); absent: memory only
   * @param url              a sandbox served once for several instances ({@code SandboxServer}; bin/cluster's): sends
   *                         and look-ups go there, so that an instance settles another's send in doubt; the journal
   *                         is then the server's, and this one is ignored
   * @param timeout          how long a call to that shared sandbox may take
   * @param faults           faults to act out from the start (an outage rehearsal)
   */
  public record Sandbox(
      List<String> withoutWhatsapp,
      @DefaultValue("10000") int recipients,
      @DefaultValue("200") int perRecipient,
      @DefaultValue("false") boolean applyRateLimits,
      Path journal,
      URI url,
      @DefaultValue("10s") Duration timeout,
      List<Fault> faults) {

    public Sandbox {
      withoutWhatsapp = withoutWhatsapp == null ? List.of() : List.copyOf(withoutWhatsapp);
      faults = faults == null ? List.of() : List.copyOf(faults);
    }
  }

  /**
   * A fault the sandbox acts out from the start (the same as {@code POST /api/sandbox/faults}).
   *
   * @param kind    ERROR, TIMEOUT, DELAY or DROP_REPORTS
   * @param channel whatsapp, sms, voice or email; absent: every channel
   * @param to      an E.164 phone or e-mail address; absent: every address
   * @param share   share of the matching calls (0 to 1)
   * @param status  HTTP status of an ERROR: 429 or 5xx
   * @param delay   how long a TIMEOUT or DELAY holds the answer
   */
  public record Fault(SandboxFaults.Kind kind, String channel, String to, @DefaultValue("1.0") double share,
      Integer status, Duration delay) {
  }

  /**
   * @param zone                the hospital's time zone
   * @param transliterateSms    rewrite SMS into GSM-7 (no accents; about half the segments)
   * @param whatsappFrom        "whatsapp:+56..." sender
   * @param smsFrom             SMS sender
   * @param messagingServiceSid Twilio Messaging Service used instead of the From numbers
   * @param voiceFrom           caller id of calls
   * @param contentSids         approved Twilio Content template (HX...) of each template name
   * @param emailFrom           From of e-mails, e.g. "Hospital de Chillán &lt;citas@hchm.cl&gt;"
   * @param messagesPerSecond   this hospital's rate per channel, over the channel's default
   * @param whatsappUniqueRecipients its WhatsApp sender's tier: unique users it may message in any 24 h
   *                            (250, 2000, 10000, 100000), per notifier instance; empty: no limit
   */
  public record Hospital(
      ZoneId zone,
      @DefaultValue("false") boolean transliterateSms,
      String whatsappFrom,
      String smsFrom,
      String messagingServiceSid,
      String voiceFrom,
      Map<String, String> contentSids,
      String emailFrom,
      Map<String, Double> messagesPerSecond,
      Integer whatsappUniqueRecipients) {

    public Hospital {
      contentSids = contentSids == null ? Map.of() : Map.copyOf(contentSids);
      messagesPerSecond = messagesPerSecond == null ? Map.of() : Map.copyOf(messagesPerSecond);
    }

    /** Who sends for this hospital on Twilio. */
    public TwilioSenders twilioSenders() {
      return new TwilioSenders(whatsappFrom, smsFrom, messagingServiceSid, voiceFrom, contentSids);
    }
  }
}
