package org.contactability.hisconnector.domain.mapping;

/** Defaults for mapping records: an unset name takes the reference HIS's, an empty one means "none". */
final class Names {

  private Names() {
  }

  /** The configured name, or the reference name when the configuration does not mention it. */
  static String or(String configured, String reference) {
    return configured == null ? reference : configured.strip();
  }

  /** Whether the HIS has this column at all (an empty name in the configuration says it has not). */
  static boolean present(String column) {
    return column != null && !column.isEmpty();
  }
}
