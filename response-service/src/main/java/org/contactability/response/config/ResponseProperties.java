package org.contactability.response.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of response-service ({@code contactability.response.*}); docs/response-service.md lists them.
 *
 * @param publicBaseUrl   the URL patients and Twilio reach this service at (behind the proxy), e.g.
 *                        {@code https://respuestas.hospital.cl}; Twilio signs requests over it
 * @param twilio          webhook validation
 * @param defaultRegion   region of phone numbers written without a country code
 * @param defaultHospital hospital whose texts answer a message from a number we never wrote to
 * @param correlation     how free-text answers are tied to questions
 * @param streams         the stream processor
 * @param answerWait      how long the answer page and a call wait for the judge before saying "received"
 * @param voice           reminder calls
 */
@ConfigurationProperties("contactability.response")
public record ResponseProperties(
    @DefaultValue("http://localhost:8085") URI publicBaseUrl,
    @DefaultValue Twilio twilio,
    @DefaultValue("CL") String defaultRegion,
    @DefaultValue("default") String defaultHospital,
    @DefaultValue Correlation correlation,
    @DefaultValue Streams streams,
    @DefaultValue("3s") Duration answerWait,
    @DefaultValue Voice voice) {

  /** The public base URL without a trailing slash. */
  public String baseUrl() {
    String url = publicBaseUrl.toString();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /**
   * @param authTokens auth tokens of the Twilio account (primary first; a secondary during rotation); a webhook
   *                   signed with any of them is accepted. None configured: every webhook is refused.
   */
  public record Twilio(List<String> authTokens) {
    public Twilio {
      authTokens = authTokens == null ? List.of() : List.copyOf(authTokens);
    }
  }

  /**
   * @param ambiguityWindow       open questions delivered within this of the latest make a bare "1" ambiguous
   * @param lateAnswerWindow      an answer this long after a question's window closed still gets the too-late answer
   * @param questionRetention     questions are forgotten this long after their window closed
   * @param whichQuestionValidity how long a "which appointment?" question may be answered
   */
  public record Correlation(
      @DefaultValue("2h") Duration ambiguityWindow,
      @DefaultValue("7d") Duration lateAnswerWindow,
      @DefaultValue("30d") Duration questionRetention,
      @DefaultValue("24h") Duration whichQuestionValidity) {
  }

  /**
   * @param applicationId  Kafka Streams application id (consumer group, internal topic prefix)
   * @param stateDir       directory of the state stores, one per instance; default
   *                       {@code <java.io.tmpdir>/contactability/<applicationId>}
   * @param threads        stream threads
   * @param commitInterval how often the judge commits (exactly once: also how soon its output is visible)
   * @param properties     any other Kafka Streams setting
   */
  public record Streams(
      @DefaultValue("response-service") String applicationId,
      String stateDir,
      @DefaultValue("1") int threads,
      @DefaultValue("100ms") Duration commitInterval,
      Map<String, String> properties) {
    public Streams {
      properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    public String stateDirOrDefault() {
      return stateDir != null && !stateDir.isBlank() ? stateDir
          : java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "contactability", applicationId).toString();
    }
  }

  /**
   * @param language      language of the spoken text (Twilio {@code <Say language>})
   * @param voice         Twilio voice name
   * @param gatherTimeout how long a call waits for a key
   * @param attempts      how many times a call asks before saying goodbye
   */
  public record Voice(
      @DefaultValue("es-MX") String language,
      @DefaultValue("Polly.Mia") String voice,
      @DefaultValue("8s") Duration gatherTimeout,
      @DefaultValue("2") int attempts) {
  }
}
