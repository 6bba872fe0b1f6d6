package org.contactability.hisconnector.domain.mapping;

import java.util.List;

import org.apache.avro.specific.SpecificRecord;

/** A canonical row and the contacts of the HIS row that were left out of it. */
public record MappedRow<T extends SpecificRecord>(T value, List<UnusableContact> unusable) {

  public MappedRow {
    unusable = List.copyOf(unusable);
  }

  static <T extends SpecificRecord> MappedRow<T> complete(T value) {
    return new MappedRow<>(value, List.of());
  }
}
