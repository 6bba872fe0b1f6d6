package org.contactability.console.domain;

import java.time.LocalDate;

/** The funnel of one local date. */
public record FunnelDay(LocalDate date, FunnelCounts counts) {
}
