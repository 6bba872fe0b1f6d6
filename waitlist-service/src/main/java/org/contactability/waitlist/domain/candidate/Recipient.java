package org.contactability.waitlist.domain.candidate;

/**
 * Where one message goes: the chosen channel and the patient's addresses and names. Sensitive.
 */
public record Recipient(ContactChannel channel, String givenNames, String fullName, String phone, String email) {

  @Override
  public String toString() {
    return "Recipient[" + channel + ", masked]";
  }
}
