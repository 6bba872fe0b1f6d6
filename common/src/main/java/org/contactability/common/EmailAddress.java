package org.contactability.common;

import java.util.Locale;
import java.util.Optional;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.contactability.common.privacy.Mask;

/**
 * A patient's e-mail address, a plain {@code name@domain.tld} as RFC 822 reads it (Jakarta Mail's
 * strict parser), in lower case: the form the HIS's address is sent to and mailboxes are looked up
 * by. Display names ("Juan &lt;juan@example.cl&gt;"), lists and addresses without a dot in the
 * domain are refused. {@link #toString()} is masked; error messages never repeat the input.
 */
public final class EmailAddress {

  private final String address;

  private EmailAddress(String address) {
    this.address = address;
  }

  /**
   * Reads an e-mail address.
   *
   * @throws IllegalArgumentException saying what is wrong, without repeating the text
   */
  public static EmailAddress parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("is empty");
    }
    InternetAddress parsed;
    try {
      parsed = new InternetAddress(text.strip(), true);
    } catch (AddressException malformed) {
      throw new IllegalArgumentException("is not an e-mail address");
    }
    String plain = parsed.getAddress();
    int at = plain.indexOf('@');
    if (parsed.getPersonal() != null || at < 1 || plain.indexOf('.', at) < 0 || plain.endsWith(".")) {
      throw new IllegalArgumentException("is not an e-mail address of the form name@domain.tld");
    }
    return new EmailAddress(plain.toLowerCase(Locale.ROOT));
  }

  /** The address, or empty when the text is not one (blank included). */
  public static Optional<EmailAddress> tryParse(String text) {
    try {
      return Optional.of(parse(text));
    } catch (IllegalArgumentException invalid) {
      return Optional.empty();
    }
  }

  /** Lower case, without blanks: {@code juan.soto@example.cl}. */
  public String value() {
    return address;
  }

  /** Masked for logs, as {@link Mask#email(String)} masks it: {@code j***@***.cl}. */
  @Override
  public String toString() {
    return Mask.email(address);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EmailAddress email && email.address.equals(address);
  }

  @Override
  public int hashCode() {
    return address.hashCode();
  }
}
