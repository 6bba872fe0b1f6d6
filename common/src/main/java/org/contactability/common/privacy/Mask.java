package org.contactability.common.privacy;

/**
 * Masks patient data for logs, metrics labels and operator screens. Logs must let an operator
 * find a case (last digits, initials) without disclosing who the patient is.
 */
public final class Mask {

  private static final String NONE = "(none)";

  private Mask() {
  }

  /** "+56912345678" becomes "+569******78". */
  public static String phone(String phone) {
    if (phone == null || phone.isBlank()) {
      return NONE;
    }
    String compact = phone.replaceAll("[^+0-9]", "");
    if (compact.length() < 7) {
      return "*".repeat(Math.max(3, compact.length()));
    }
    int keepStart = compact.startsWith("+") ? 4 : 3;
    return compact.substring(0, keepStart) + "*".repeat(compact.length() - keepStart - 2)
        + compact.substring(compact.length() - 2);
  }

  /** "juan.soto@gmail.com" becomes "j***@***.com". */
  public static String email(String email) {
    if (email == null || email.isBlank()) {
      return NONE;
    }
    int at = email.indexOf('@');
    if (at < 1) {
      return "***";
    }
    int dot = email.lastIndexOf('.');
    String tld = dot > at ? email.substring(dot) : "";
    return email.charAt(0) + "***@***" + tld;
  }

  /** A phone or an e-mail address, whichever it is. */
  public static String address(String address) {
    if (address != null && address.contains("@")) {
      return email(address);
    }
    return phone(address);
  }

  /** "12345678-5" becomes "*****678-5". */
  public static String rut(String rut) {
    if (rut == null || rut.isBlank()) {
      return NONE;
    }
    String compact = rut.replaceAll("[^0-9kK]", "");
    if (compact.length() < 5) {
      return "***";
    }
    String body = compact.substring(0, compact.length() - 1);
    return "*".repeat(body.length() - 3) + body.substring(body.length() - 3) + "-"
        + Character.toUpperCase(compact.charAt(compact.length() - 1));
  }

  /** "Juan Dionisio Soto Cabrera" becomes "J. D. S. C.". */
  public static String name(String name) {
    if (name == null || name.isBlank()) {
      return NONE;
    }
    StringBuilder initials = new StringBuilder();
    for (String word : name.trim().split("\\s+")) {
      if (initials.length() > 0) {
        initials.append(' ');
      }
      initials.appendCodePoint(word.codePointAt(0)).append('.');
    }
    return initials.toString();
  }

  /** Message bodies and free text: only their length. */
  public static String text(String text) {
    if (text == null) {
      return NONE;
    }
    return "[text, " + text.length() + " chars]";
  }
}
