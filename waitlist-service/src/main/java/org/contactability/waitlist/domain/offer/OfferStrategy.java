package org.contactability.waitlist.domain.offer;

/** How a slot is offered. */
public enum OfferStrategy {
  /** One candidate at a time; a decline, an expiry or an undeliverable offer moves to the next. */
  SEQUENTIAL,
  /** The best N candidates at once (topped up as offers lapse); the first acceptance wins. */
  PARALLEL
}
