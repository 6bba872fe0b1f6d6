package org.contactability.notifier.domain;

/** How an SMS body is encoded on the air; it decides how many characters fit in one segment. */
public enum SmsEncoding {
  /** GSM 03.38 default alphabet, 7 bits a character: 160 in one segment, 153 per part when concatenated. */
  GSM_7("GSM-7", 160, 153),
  /** UTF-16 code units: 70 in one segment, 67 per part when concatenated. */
  UCS_2("UCS-2", 70, 67);

  private final String label;
  private final int singleSegmentUnits;
  private final int concatenatedSegmentUnits;

  SmsEncoding(String label, int singleSegmentUnits, int concatenatedSegmentUnits) {
    this.label = label;
    this.singleSegmentUnits = singleSegmentUnits;
    this.concatenatedSegmentUnits = concatenatedSegmentUnits;
  }

  /** The name reported on {@code ContactStatus.smsEncoding}. */
  public String label() {
    return label;
  }

  public int singleSegmentUnits() {
    return singleSegmentUnits;
  }

  public int concatenatedSegmentUnits() {
    return concatenatedSegmentUnits;
  }
}
