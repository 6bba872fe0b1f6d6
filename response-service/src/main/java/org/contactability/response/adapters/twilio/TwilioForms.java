package org.contactability.response.adapters.twilio;

import java.util.Map;
import java.util.regex.Pattern;

import org.contactability.common.PhoneNumber;
import org.contactability.contracts.common.Channel;
import org.contactability.response.application.InboundMessages.InboundMessage;

/**
 * Twilio's webhook forms read into the use cases' inputs, or refused with a reason a person can act on.
 * Twilio always sends these fields in these shapes (E.164 numbers, {@code whatsapp:} before WhatsApp
 * addresses, ids of letters and digits), so a signed request without them comes from a misconfigured or
 * compromised sender: taking it would publish junk answers. Reasons name the field, never its value.
 */
final class TwilioForms {

  /** Twilio's own ids are 34 characters ("SM" + 32 hex); tests and stand-ins use other printable ones. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
  /** A hospital may receive on a short code. */
  private static final Pattern SHORT_CODE = Pattern.compile("[0-9]{3,8}");
  private static final String WHATSAPP = "whatsapp:";
  /** WhatsApp's limit for a message (an SMS is at most 1600). */
  static final int MAX_BODY = 4096;

  private final String phoneRegion;

  /** @param phoneRegion region of numbers written without a country code (checked, {@link PhoneNumber#requireRegion}) */
  TwilioForms(String phoneRegion) {
    this.phoneRegion = phoneRegion;
  }

  /** A form as read: the input, or why it was refused. */
  sealed interface Read<T> {
  }

  record Valid<T>(T value) implements Read<T> {
  }

  record Invalid<T>(String reason) implements Read<T> {
  }

  /** A key pressed on a reminder call: the call, the key(s), and the patient's number. */
  record KeyPress(String callSid, String digits, String patient) {
  }

  /** The messaging webhook: a WhatsApp or SMS message from a patient. */
  Read<InboundMessage> message(Map<String, String> params) {
    String sid = params.get("MessageSid");
    if (!isId(sid)) {
      return new Invalid<>("MessageSid is missing or not a Twilio id");
    }
    String from = params.get("From");
    if (!isPatientNumber(strip(from))) {
      return new Invalid<>("From is missing or not a phone number in E.164 (whatsapp:+569... for WhatsApp)");
    }
    String to = params.get("To");
    if (to == null || !(E164.matcher(strip(to)).matches() || SHORT_CODE.matcher(to).matches())) {
      return new Invalid<>("To is missing or not a phone number in E.164 (whatsapp:+56... for WhatsApp)");
    }
    boolean whatsapp = from.startsWith(WHATSAPP);
    if (whatsapp != to.startsWith(WHATSAPP)) {
      return new Invalid<>("From and To are not on the same channel (both whatsapp: or neither)");
    }
    String body = params.get("Body");
    if (body != null && body.codePointCount(0, body.length()) > MAX_BODY) {
      return new Invalid<>("Body is longer than " + MAX_BODY + " characters");
    }
    String replied = params.get("OriginalRepliedMessageSid");
    if (replied != null && !replied.isEmpty() && !isId(replied)) {
      return new Invalid<>("OriginalRepliedMessageSid is not a Twilio id");
    }
    return new Valid<>(new InboundMessage(sid, whatsapp ? Channel.WHATSAPP : Channel.SMS, from, body,
        params.get("ButtonPayload"), params.get("ButtonText"), replied));
  }

  /** The gather callback of a reminder call: the patient is who was called (or who called, inbound). */
  Read<KeyPress> keyPress(Map<String, String> params) {
    String callSid = params.get("CallSid");
    if (!isId(callSid)) {
      return new Invalid<>("CallSid is missing or not a Twilio id");
    }
    boolean inbound = "inbound".equalsIgnoreCase(params.get("Direction"));
    String patient = inbound ? params.get("From") : params.get("To");
    if (!isPatientNumber(patient)) {
      return new Invalid<>((inbound ? "From" : "To") + " is missing or not a phone number in E.164");
    }
    return new Valid<>(new KeyPress(callSid, params.get("Digits"), patient));
  }

  private boolean isPatientNumber(String number) {
    return number != null && E164.matcher(number).matches() && PhoneNumber.tryParse(number, phoneRegion).isPresent();
  }

  private static boolean isId(String value) {
    return value != null && ID.matcher(value).matches();
  }

  private static String strip(String address) {
    return address != null && address.startsWith(WHATSAPP) ? address.substring(WHATSAPP.length()) : address;
  }
}
