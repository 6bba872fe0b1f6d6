package org.contactability.console.adapters.twilio;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Plays Twilio's part for the patient-phone page: posts to response-service what Twilio would post
 * when a patient answers (the messaging webhook, form-encoded, with Twilio's parameter names) or
 * presses a key during a reminder call (the gather webhook), each signed with X-Twilio-Signature over
 * the public URL response-service validates against.
 */
public final class SimulatedTwilio {

  public static final String SIGNATURE_HEADER = "X-Twilio-Signature";

  private final WebClient web;
  private final TwilioRequestSigner signer;
  private final String responseBase;
  private final String responsePublicBase;
  private final String accountSid;
  private final String hospitalNumber;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param responseBase       where the console reaches response-service
   * @param responsePublicBase the base URL response-service validates signatures against
   * @param hospitalNumber     the hospital's number, E.164: the {@code To} of replies, the {@code From} of calls
   */
  public SimulatedTwilio(WebClient web, TwilioRequestSigner signer, String responseBase, String responsePublicBase,
      String accountSid, String hospitalNumber) {
    this.web = web;
    this.signer = signer;
    this.responseBase = responseBase;
    this.responsePublicBase = responsePublicBase;
    this.accountSid = accountSid;
    this.hospitalNumber = hospitalNumber;
  }

  /** A patient's WhatsApp or SMS message to the hospital, as a typed text or a pressed quick-reply button. */
  public record InboundMessage(boolean whatsapp, String from, String text, String buttonPayload, String buttonText,
      String repliedToMessageSid) {
  }

  /** What response-service answered. */
  public record WebhookResult(String path, int status, String body) {
    public boolean accepted() {
      return status >= 200 && status < 300;
    }
  }

  /** The parameters Twilio posts to the messaging webhook for this message. */
  public Map<String, String> messageParams(InboundMessage message) {
    String sid = sid("SM");
    String prefix = message.whatsapp() ? "whatsapp:" : "";
    Map<String, String> params = new LinkedHashMap<>();
    params.put("MessageSid", sid);
    params.put("SmsMessageSid", sid);
    params.put("SmsSid", sid);
    params.put("AccountSid", accountSid);
    params.put("From", prefix + message.from());
    params.put("To", prefix + hospitalNumber);
    String body = message.text() != null ? message.text() : message.buttonText();
    params.put("Body", body == null ? "" : body);
    params.put("NumMedia", "0");
    params.put("NumSegments", "1");
    params.put("SmsStatus", "received");
    params.put("ApiVersion", "2010-04-01");
    if (message.whatsapp()) {
      params.put("WaId", message.from().replaceFirst("^\\+", ""));
      params.put("ProfileName", "Paciente");
    }
    if (message.buttonPayload() != null) {
      params.put("MessageType", "button");
      params.put("ButtonPayload", message.buttonPayload());
      params.put("ButtonText", message.buttonText() == null ? message.buttonPayload() : message.buttonText());
    } else {
      params.put("MessageType", "text");
    }
    if (message.repliedToMessageSid() != null && !message.repliedToMessageSid().isBlank()) {
      params.put("OriginalRepliedMessageSid", message.repliedToMessageSid());
    }
    return params;
  }

  public Mono<WebhookResult> send(InboundMessage message) {
    return post("/twilio/inbound", messageParams(message));
  }

  /**
   * A key pressed during a reminder call.
   *
   * @param voiceUrl the call's TwiML URL as the message carries it ({@code <public base>/twilio/voice/<token>})
   * @param patient  the called patient's number, E.164
   */
  public Mono<WebhookResult> press(String voiceUrl, String patient, String digits) {
    String prefix = responsePublicBase + "/twilio/voice/";
    if (voiceUrl == null || !voiceUrl.startsWith(prefix) || voiceUrl.substring(prefix.length()).contains("/")) {
      return Mono.error(new IllegalArgumentException("La llamada no apunta a " + prefix + "<token>"));
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("CallSid", sid("CA"));
    params.put("AccountSid", accountSid);
    params.put("From", hospitalNumber);
    params.put("To", patient);
    params.put("Direction", "outbound-api");
    params.put("CallStatus", "in-progress");
    params.put("Digits", digits);
    params.put("ApiVersion", "2010-04-01");
    return post(voiceUrl.substring(responsePublicBase.length()) + "/gather", params);
  }

  private Mono<WebhookResult> post(String path, Map<String, String> params) {
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    params.forEach(form::add);
    String signature = signer.sign(responsePublicBase + path, params);
    return web.post().uri(responseBase + path)
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .header(SIGNATURE_HEADER, signature)
        .body(BodyInserters.fromFormData(form))
        .exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("")
            .map(body -> new WebhookResult(path.replaceAll("/voice/[^/]+", "/voice/<token>"),
                response.statusCode().value(), body)));
  }

  private String sid(String prefix) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return prefix + HexFormat.of().formatHex(bytes);
  }
}
