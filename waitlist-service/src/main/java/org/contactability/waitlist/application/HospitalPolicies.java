package org.contactability.waitlist.application;

import org.contactability.waitlist.domain.candidate.RankingPolicy;
import org.contactability.waitlist.domain.offer.OfferPolicy;

/** Each hospital's rules, from configuration; hospitals without their own use the defaults. */
public interface HospitalPolicies {

  RankingPolicy ranking(String hospitalCode);

  OfferPolicy offers(String hospitalCode);

  HospitalInfo hospital(String hospitalCode);
}
