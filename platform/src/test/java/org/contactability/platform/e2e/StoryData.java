package org.contactability.platform.e2e;

import java.util.concurrent.ThreadLocalRandom;

import org.contactability.common.Rut;

/** Fresh identities for the stories, which share one platform (and one HIS) per test JVM. */
final class StoryData {

  private StoryData() {
  }

  static String phone() {
    // +56 996: a range libphonenumber holds valid throughout (some of +56 991 is not).
    return "+56996" + String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000));
  }

  /** A La Serena landline in E.164 (+56 51 2XX XXXX): voice calls only. */
  static String landline() {
    return "+56512" + String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000));
  }

  /** A RUT between {@code from} and {@code from + 9,000,000}: test classes take ranges of their own. */
  static Rut rut(int from) {
    return Rut.of(from + ThreadLocalRandom.current().nextInt(9_000_000));
  }

  static String suffix() {
    return Integer.toString(ThreadLocalRandom.current().nextInt(1_000_000));
  }
}
