package org.contactability.his.reference;

/** Argument checks shared by the input records. */
final class Require {

  private Require() {
  }

  static String text(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }
}
