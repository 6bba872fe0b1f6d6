package org.contactability.common.hospital;

import java.util.Optional;

/**
 * How a hospital speaks to its patients, the same in every message, on the answer page and in calls:
 * the name it signs with, the phone patients may call, and the titles of its answer buttons. Held in
 * one place per hospital ({@code contactability.hospitals.<CODE>}, shipped in
 * {@code contactability-hospitals.yml}); every text says "usted".
 *
 * @param name    as messages name it ("Hospital de Chillán"); null only for the {@code default} entry
 * @param phone   the number patients may call, as written to them; may be null
 * @param buttons the titles of its answers
 */
public record HospitalProfile(String name, String phone, Buttons buttons) {

  public HospitalProfile {
    buttons = buttons == null ? Buttons.NONE : buttons;
  }

  /** This profile, with what it leaves unset taken from {@code fallback}. */
  public HospitalProfile over(HospitalProfile fallback) {
    return new HospitalProfile(name != null ? name : fallback.name, phone != null ? phone : fallback.phone,
        buttons.over(fallback.buttons));
  }

  /**
   * The title of each answer a message or the answer page offers, by the answer's name (the intent a
   * WhatsApp quick reply carries back). WhatsApp cuts button titles at 20 characters, so longer ones are
   * refused when the configuration is read.
   */
  public record Buttons(String confirm, String cancel, String acceptOffer, String declineOffer, String stillNeeded,
      String notNeeded) {

    public static final int MAX_TITLE_LENGTH = 20;
    static final Buttons NONE = new Buttons(null, null, null, null, null, null);

    public Buttons {
      for (String title : new String[] {confirm, cancel, acceptOffer, declineOffer, stillNeeded, notNeeded}) {
        if (title != null && (title.isBlank() || title.length() > MAX_TITLE_LENGTH)) {
          throw new IllegalArgumentException("A button title has 1 to " + MAX_TITLE_LENGTH
              + " characters (WhatsApp's limit): '" + title + "'");
        }
      }
    }

    /** @param answer CONFIRM, CANCEL, ACCEPT_OFFER, DECLINE_OFFER, STILL_NEEDED or NOT_NEEDED */
    public Optional<String> title(String answer) {
      return Optional.ofNullable(switch (answer) {
        case "CONFIRM" -> confirm;
        case "CANCEL" -> cancel;
        case "ACCEPT_OFFER" -> acceptOffer;
        case "DECLINE_OFFER" -> declineOffer;
        case "STILL_NEEDED" -> stillNeeded;
        case "NOT_NEEDED" -> notNeeded;
        default -> null;
      });
    }

    Buttons over(Buttons fallback) {
      return new Buttons(confirm != null ? confirm : fallback.confirm, cancel != null ? cancel : fallback.cancel,
          acceptOffer != null ? acceptOffer : fallback.acceptOffer,
          declineOffer != null ? declineOffer : fallback.declineOffer,
          stillNeeded != null ? stillNeeded : fallback.stillNeeded, notNeeded != null ? notNeeded : fallback.notNeeded);
    }
  }
}
