package org.contactability.waitlist.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.contactability.common.hospital.HospitalProfile;
import org.contactability.common.hospital.HospitalProfiles;
import org.contactability.waitlist.application.HospitalInfo;
import org.contactability.waitlist.application.HospitalPolicies;
import org.contactability.waitlist.config.WaitlistProperties.Hospital;
import org.contactability.waitlist.config.WaitlistProperties.OfferOverrides;
import org.contactability.waitlist.config.WaitlistProperties.RankingOverrides;
import org.contactability.waitlist.domain.candidate.ContactChannel;
import org.contactability.waitlist.domain.candidate.RankingPolicy;
import org.contactability.waitlist.domain.offer.OfferPolicy;

/**
 * The hospitals' policies from {@link WaitlistProperties}: defaults, overridden per hospital code; their
 * names and phones from their profiles.
 */
public final class ConfiguredHospitalPolicies implements HospitalPolicies {

  private final WaitlistProperties properties;
  private final HospitalProfiles profiles;
  private final Map<String, Hospital> hospitals = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

  public ConfiguredHospitalPolicies(WaitlistProperties properties, HospitalProfiles profiles) {
    this.properties = properties;
    this.profiles = profiles;
    this.hospitals.putAll(properties.hospitals());
    // Fail at start-up, not at the first slot, when a setting is out of range.
    offers("");
    ranking("");
    properties.hospitals().keySet().forEach(code -> {
      offers(code);
      ranking(code);
    });
  }

  @Override
  public RankingPolicy ranking(String hospitalCode) {
    WaitlistProperties.Ranking defaults = properties.ranking();
    RankingOverrides o = hospital(hospitalCode, Hospital::ranking).orElse(new RankingOverrides(null, null, null, null));
    return new RankingPolicy(
        o.order() != null ? o.order() : defaults.order(),
        o.sameProfessional() != null ? o.sameProfessional() : defaults.sameProfessional(),
        o.sameSite() != null ? o.sameSite() : defaults.sameSite(),
        o.sameAppointmentType() != null ? o.sameAppointmentType() : defaults.sameAppointmentType(),
        channels(hospitalCode));
  }

  @Override
  public OfferPolicy offers(String hospitalCode) {
    WaitlistProperties.Offers defaults = properties.offers();
    OfferOverrides o = hospital(hospitalCode, Hospital::offers).orElse(new OfferOverrides(null, null, null, null, null, null));
    return new OfferPolicy(
        o.strategy() != null ? o.strategy() : defaults.strategy(),
        o.parallelOffers() != null ? o.parallelOffers() : defaults.parallelOffers(),
        o.offerTtl() != null ? o.offerTtl() : defaults.offerTtl(),
        o.leadTime() != null ? o.leadTime() : defaults.leadTime(),
        o.keepFinishedFor() != null ? o.keepFinishedFor() : defaults.keepFinishedFor(),
        o.bookingPatience() != null ? o.bookingPatience() : defaults.bookingPatience(),
        channels(hospitalCode));
  }

  @Override
  public HospitalInfo hospital(String hospitalCode) {
    HospitalProfile profile = profiles.of(hospitalCode);
    return new HospitalInfo(profile.name(), profile.phone(), hospital(hospitalCode, Hospital::zone).orElse(null));
  }

  public List<ContactChannel> channels(String hospitalCode) {
    return hospital(hospitalCode, Hospital::channels).orElse(properties.channels());
  }

  private <T> Optional<T> hospital(String code, java.util.function.Function<Hospital, T> part) {
    Hospital h = code == null ? null : hospitals.get(code.strip());
    return Optional.ofNullable(h).map(part);
  }
}
