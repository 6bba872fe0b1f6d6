package org.contactability.hisconnector.domain.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Code tables between a HIS's coded values and the canonical enumerations. */
public final class ValueMap {

  private ValueMap() {
  }

  /** The configured map (in its order), or the reference one when none is configured. */
  static <E> Map<String, E> orDefault(Map<String, E> configured, Map<String, E> reference) {
    Map<String, E> chosen = configured == null || configured.isEmpty() ? reference : configured;
    Map<String, E> copy = new LinkedHashMap<>();
    chosen.forEach((code, value) -> copy.put(code.strip(), value));
    return Collections.unmodifiableMap(copy);
  }

  /** The HIS code written for a canonical value: the first code that maps to it. */
  public static Optional<String> codeOf(Map<String, ?> values, Object canonical) {
    return values.entrySet().stream()
        .filter(entry -> entry.getValue().equals(canonical))
        .map(Map.Entry::getKey)
        .findFirst();
  }
}
