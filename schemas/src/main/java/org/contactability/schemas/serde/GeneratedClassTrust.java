package org.contactability.schemas.serde;

import org.apache.avro.specific.AvroGenerated;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 refuses to instantiate classes outside its allow-list ("Forbidden ..." security
 * exception). Our contracts are classes generated from our own schemas: trust exactly those, on
 * top of Avro's defaults, instead of opening whole packages by system property.
 */
final class GeneratedClassTrust {

  private static volatile boolean installed;

  private GeneratedClassTrust() {
  }

  static void install() {
    if (installed) {
      return;
    }
    synchronized (GeneratedClassTrust.class) {
      if (!installed) {
        ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(previous,
            type -> type.isAnnotationPresent(AvroGenerated.class)));
        installed = true;
      }
    }
  }
}
