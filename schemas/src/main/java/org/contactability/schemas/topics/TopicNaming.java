package org.contactability.schemas.topics;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Turns catalogue names into the names used on a cluster. A prefix lets several hospitals share a
 * cluster ({@code chillan.his.appointments}) and lets test classes share one broker without seeing
 * each other's records. Services resolve every name through one instance of this class.
 */
public record TopicNaming(String prefix) {

  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]*");

  public TopicNaming {
    Objects.requireNonNull(prefix, "prefix");
    if (!LEGAL.matcher(prefix).matches()) {
      throw new IllegalArgumentException("topic prefix may only hold letters, digits, '.', '_' and '-': " + prefix);
    }
    if (!prefix.isEmpty() && !prefix.endsWith(".")) {
      prefix = prefix + ".";
    }
  }

  /** No prefix: topics are named as in the catalogue. */
  public static TopicNaming none() {
    return new TopicNaming("");
  }

  public String name(TopicSpec<?> topic) {
    return prefix + topic.name();
  }

  public String name(InternalTopic topic) {
    return prefix + topic.name();
  }

  /** Name of the dead-letter topic of {@code topic}. */
  public String deadLetterName(TopicSpec<?> topic) {
    return name(topic.deadLetter().orElseThrow(
        () -> new IllegalArgumentException(topic.name() + " has no dead-letter topic")));
  }

  /** The catalogue entry a resolved name belongs to, if any (dead-letter topics included). */
  public java.util.Optional<TopicSpec<?>> find(String resolvedName) {
    return Topics.allWithDeadLetters().stream()
        .filter(t -> name(t).equals(resolvedName))
        .findFirst();
  }
}
