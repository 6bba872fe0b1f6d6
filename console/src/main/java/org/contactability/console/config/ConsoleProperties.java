package org.contactability.console.config;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

import org.contactability.console.domain.ReadModelBounds;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the ops console ({@code contactability.console.*}); docs/console.md lists them. The
 * broker is Spring's {@code spring.kafka.*}, the registry and topic prefix {@code contactability.kafka.*}.
 *
 * @param zone      the hospitals' time zone: "today" of the funnel and local times of the timelines
 * @param readModel what the read model keeps
 * @param funnel    how the live funnel is pushed
 * @param lag       consumer lag
 * @param sandbox   the patient-phone page and the sandbox API (embedded platform only)
 */
@ConfigurationProperties("contactability.console")
public record ConsoleProperties(
    @DefaultValue("America/Santiago") ZoneId zone,
    @DefaultValue ReadModel readModel,
    @DefaultValue Funnel funnel,
    @DefaultValue Lag lag,
    @DefaultValue Sandbox sandbox) {

  /**
   * @param daysBefore         days before today kept and shown
   * @param keepDaysAhead      days after today kept
   * @param showDaysAhead      days after today shown by the funnel
   * @param maxAppointments    appointments kept at most (and as many timelines and freed slots)
   * @param maxTimelineEntries entries per timeline at most (older ones are dropped)
   * @param maxPatients        patients' RUTs kept for search at most
   * @param maxDeadLetters     dead letters kept at most (older ones are dropped)
   * @param undatedTtl         how long facts about an appointment whose date is unknown are kept
   * @param outcomeMonths      months before the current one whose appointments the outcomes keep
   * @param maxOutcomes        appointments (and, separately, freed slots) the outcomes keep at most
   * @param metadataRefresh    how often the feed looks for new topics and partitions
   * @param clientId           Kafka client id of the feed
   */
  public record ReadModel(
      @DefaultValue("1") int daysBefore,
      @DefaultValue("30") int keepDaysAhead,
      @DefaultValue("14") int showDaysAhead,
      @DefaultValue("100000") int maxAppointments,
      @DefaultValue("60") int maxTimelineEntries,
      @DefaultValue("200000") int maxPatients,
      @DefaultValue("1000") int maxDeadLetters,
      @DefaultValue("2d") Duration undatedTtl,
      @DefaultValue("13") int outcomeMonths,
      @DefaultValue("1000000") int maxOutcomes,
      @DefaultValue("30s") Duration metadataRefresh,
      @DefaultValue("console-read-model") String clientId) {

    public ReadModelBounds bounds() {
      return new ReadModelBounds(daysBefore, keepDaysAhead, showDaysAhead, maxAppointments, maxTimelineEntries,
          maxPatients, maxDeadLetters, undatedTtl, outcomeMonths, maxOutcomes);
    }
  }

  /**
   * @param checkEvery   how often each open stream looks for a change of the read model
   * @param refreshEvery how often it recomputes anyway (the clock moves deadlines and days)
   * @param heartbeat    how often an idle stream sends a comment so that proxies keep it open
   */
  public record Funnel(
      @DefaultValue("250ms") Duration checkEvery,
      @DefaultValue("5s") Duration refreshEvery,
      @DefaultValue("15s") Duration heartbeat) {
  }

  /**
   * @param refresh  how often consumer lag is read
   * @param services service name per consumer group id, where the group id does not say it
   */
  public record Lag(@DefaultValue("10s") Duration refresh, Map<String, String> services) {
    public Lag {
      services = services == null ? Map.of() : Map.copyOf(services);
    }
  }

  /**
   * @param enabled           serve the patient-phone page and {@code /api/sandbox/messages}; only where the
   *                          notifier's channels go to its sandbox (the embedded platform)
   * @param notifierUrl       where the notifier serves {@code /api/sandbox/messages}
   * @param responseUrl       where response-service is reached from the console
   * @param responsePublicUrl the public base URL response-service validates signatures against
   *                          ({@code contactability.response.public-base-url}); default: {@code responseUrl}
   * @param twilioAuthToken   the auth token webhooks are signed with; the development token by default,
   *                          which response-service must list in {@code contactability.response.twilio.auth-tokens}
   * @param twilioAccountSid  account id put on the simulated webhooks
   * @param hospitalNumber    the hospital's WhatsApp and SMS number, the {@code To} of a patient's reply
   * @param defaultRegion     region of phone numbers written without a country code
   * @param patientsShown     patients listed at most by the page's picker
   */
  public record Sandbox(
      @DefaultValue("false") boolean enabled,
      @DefaultValue("http://localhost:8084") URI notifierUrl,
      @DefaultValue("http://localhost:8085") URI responseUrl,
      URI responsePublicUrl,
      @DefaultValue(DEVELOPMENT_AUTH_TOKEN) String twilioAuthToken,
      @DefaultValue("AC00000000000000000000000000000dev") String twilioAccountSid,
      @DefaultValue("+56422586400") String hospitalNumber,
      @DefaultValue("CL") String defaultRegion,
      @DefaultValue("60") int patientsShown) {

    /** The documented development auth token of the embedded platform: not a secret, never for production. */
    public static final String DEVELOPMENT_AUTH_TOKEN = "contactability-development-auth-token";

    public String responseBase() {
      return trim(responseUrl.toString());
    }

    public String responsePublicBase() {
      return trim((responsePublicUrl == null ? responseUrl : responsePublicUrl).toString());
    }

    public String notifierBase() {
      return trim(notifierUrl.toString());
    }

    private static String trim(String url) {
      return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
  }
}
