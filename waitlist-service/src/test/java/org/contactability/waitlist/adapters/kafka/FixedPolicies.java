package org.contactability.waitlist.adapters.kafka;

import java.time.Duration;
import java.util.List;

import org.contactability.waitlist.application.HospitalInfo;
import org.contactability.waitlist.application.HospitalPolicies;
import org.contactability.waitlist.domain.candidate.ContactChannel;
import org.contactability.waitlist.domain.candidate.RankingPolicy;
import org.contactability.waitlist.domain.offer.OfferPolicy;
import org.contactability.waitlist.domain.offer.OfferStrategy;

/** One policy for every hospital: 2 h offers, 24 h lead time, the standard ranking. */
record FixedPolicies(OfferStrategy strategy, int parallel) implements HospitalPolicies {

  static final List<ContactChannel> CHANNELS = List.of(ContactChannel.WHATSAPP, ContactChannel.SMS,
      ContactChannel.EMAIL);

  @Override
  public RankingPolicy ranking(String hospitalCode) {
    return RankingPolicy.standard();
  }

  @Override
  public OfferPolicy offers(String hospitalCode) {
    return new OfferPolicy(strategy, parallel, Duration.ofHours(2), Duration.ofHours(24), Duration.ofDays(7),
        Duration.ofMinutes(30), CHANNELS);
  }

  @Override
  public HospitalInfo hospital(String hospitalCode) {
    return new HospitalInfo("Hospital Clínico Herminda Martín", "+56422586000", "America/Santiago");
  }
}
