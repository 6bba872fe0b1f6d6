package org.contactability.console.domain;

import java.time.LocalDate;
import java.util.List;

/**
 * The funnel of the days shown, for one hospital or all.
 *
 * @param today     today in the hospital's zone
 * @param hospital  the hospital counted, or null for all
 * @param hospitals every hospital code the console has seen, for the filter
 * @param days      one entry per day shown, oldest first
 */
public record Funnel(LocalDate today, String hospital, List<String> hospitals, List<FunnelDay> days) {

  public Funnel {
    hospitals = List.copyOf(hospitals);
    days = List.copyOf(days);
  }
}
