package org.contactability.waitlist.domain.candidate;

import java.util.List;
import java.util.Optional;

/**
 * How a waiting patient can be reached, from the HIS patient row. Sensitive: never log in clear.
 *
 * @param givenNames given names, for the greeting
 * @param fullName   given names and surnames
 * @param phone      mobile phone (E.164) or null
 * @param email      e-mail address or null
 */
public record Contact(String givenNames, String fullName, String phone, String email) {

  /** The first channel of {@code preference} this patient has an address for. */
  public Optional<Recipient> reach(List<ContactChannel> preference) {
    for (ContactChannel channel : preference) {
      if (channel.needsPhone() ? present(phone) : present(email)) {
        return Optional.of(new Recipient(channel, givenNames, fullName, phone, email));
      }
    }
    return Optional.empty();
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }

  @Override
  public String toString() {
    return "Contact[masked]";
  }
}
