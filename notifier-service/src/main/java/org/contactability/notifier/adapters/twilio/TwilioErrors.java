package org.contactability.notifier.adapters.twilio;

import java.util.Map;

/**
 * What Twilio's error codes mean for a message: over for this recipient on this channel (the
 * scheduler falls back to the next channel), worth retrying, or our own configuration (retried,
 * then parked on the dead-letter topic for an operator to fix and replay).
 */
public final class TwilioErrors {

  public enum Kind { PERMANENT, TRANSIENT, CONFIGURATION }

  /** @param description what it means, for the status's reason (never message text or the number) */
  public record Meaning(Kind kind, String description) {

    public boolean permanent() {
      return kind == Kind.PERMANENT;
    }
  }

  private static final Map<Integer, Meaning> TABLE = Map.ofEntries(
      permanent(13224, "the phone number is not valid for calls"),
      permanent(21211, "Twilio finds the 'To' number invalid"),
      permanent(21214, "the 'To' number cannot be reached"),
      permanent(21217, "the number does not appear to be valid"),
      permanent(21401, "Twilio finds the phone number invalid"),
      permanent(21407, "the number does not support SMS"),
      permanent(21610, "the recipient unsubscribed from this sender (replied STOP)"),
      permanent(21612, "the number is not reachable by SMS"),
      permanent(21614, "the number is not a mobile number"),
      permanent(21617, "the message is longer than 1600 characters"),
      permanent(30004, "the message was blocked (by the recipient or the carrier)"),
      permanent(30005, "the destination handset is unknown"),
      permanent(30006, "a landline or an unreachable carrier"),
      permanent(30007, "the carrier filtered the message"),
      permanent(63003, "WhatsApp is not available for this number"),
      permanent(63016, "outside WhatsApp's 24-hour window a message must use an approved template (ContentSid)"),
      permanent(63021, "WhatsApp refused the content (too long or unsupported)"),
      permanent(63024, "the number is not a valid WhatsApp recipient"),
      permanent(63032, "WhatsApp does not deliver to this user (Meta experiment)"),
      permanent(63049, "Meta chose not to deliver this message"),
      transient_(20429, "too many requests to Twilio"),
      transient_(20500, "Twilio had an internal error"),
      transient_(20503, "Twilio is temporarily unavailable"),
      transient_(30001, "Twilio's queue for the sender overflowed"),
      transient_(30003, "the handset is unreachable (off or out of coverage)"),
      transient_(30008, "unknown delivery error"),
      transient_(30022, "the sender's throughput limit was exceeded"),
      transient_(63018, "WhatsApp's rate limit for the sender was exceeded"),
      configuration(20003, "Twilio refused the account credentials"),
      configuration(13227, "calls to this country are not enabled on the Twilio account"),
      configuration(21215, "calls to this country are not enabled on the Twilio account"),
      configuration(21408, "SMS to this region are not enabled on the Twilio account"),
      configuration(21606, "the 'From' number is not a sender of this Twilio account"),
      configuration(21608, "a trial Twilio account can only send to verified numbers"),
      configuration(30002, "the Twilio account is suspended"),
      configuration(30010, "the message costs more than the configured maximum price"),
      configuration(63007, "no WhatsApp sender matches the 'From' address"),
      configuration(63112, "Meta disabled the WhatsApp Business account"));

  private TwilioErrors() {
  }

  /**
   * @param code       Twilio's error code, or null
   * @param httpStatus HTTP status of the REST call, or null for a status callback
   */
  public static Meaning of(Integer code, Integer httpStatus) {
    Meaning known = code == null ? null : TABLE.get(code);
    if (known != null) {
      return known;
    }
    String label = code == null ? "Twilio error" : "Twilio error " + code;
    if (httpStatus == null) {
      // A callback with an unknown code: the message did not arrive, but nothing says it never will.
      return new Meaning(Kind.TRANSIENT, label);
    }
    if (httpStatus == 429 || httpStatus >= 500) {
      return new Meaning(Kind.TRANSIENT, label + " (HTTP " + httpStatus + ")");
    }
    if (httpStatus == 401 || httpStatus == 403 || httpStatus == 404) {
      return new Meaning(Kind.CONFIGURATION, label + " (HTTP " + httpStatus + ": check account, credentials and sender)");
    }
    return new Meaning(Kind.PERMANENT, label + " (HTTP " + httpStatus + ")");
  }

  private static Map.Entry<Integer, Meaning> permanent(int code, String description) {
    return Map.entry(code, new Meaning(Kind.PERMANENT, description));
  }

  private static Map.Entry<Integer, Meaning> transient_(int code, String description) {
    return Map.entry(code, new Meaning(Kind.TRANSIENT, description));
  }

  private static Map.Entry<Integer, Meaning> configuration(int code, String description) {
    return Map.entry(code, new Meaning(Kind.CONFIGURATION, description));
  }
}
