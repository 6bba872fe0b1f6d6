package org.contactability.notifier.application;

/**
 * A quick-reply button of a WhatsApp message.
 *
 * @param payload what comes back when the patient presses it: the intent name ("CONFIRM")
 * @param title   what the button says, at most 20 characters ("Confirme su cita")
 */
public record Button(String payload, String title) {

  public static final int MAX_TITLE_LENGTH = 20;

  public Button {
    if (title.length() > MAX_TITLE_LENGTH) {
      throw new IllegalArgumentException("WhatsApp button titles have at most " + MAX_TITLE_LENGTH
          + " characters: '" + title + "'");
    }
  }
}
