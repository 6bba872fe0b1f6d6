package org.contactability.waitlist.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.contactability.waitlist.domain.candidate.ContactChannel;
import org.contactability.waitlist.domain.candidate.RankingCriterion;
import org.contactability.waitlist.domain.offer.OfferStrategy;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of waitlist-service ({@code waitlist.*}). Every hospital uses the defaults unless
 * {@code waitlist.hospitals.<code>} overrides some of them.
 *
 * @param streams   the Kafka Streams application
 * @param offers    how freed slots are offered
 * @param ranking   who is offered first
 * @param channels  channels offers and purge questions go on, preferred first
 * @param campaigns purge campaigns
 * @param hospitals per-hospital zones and overrides, by hospital code
 */
@ConfigurationProperties("waitlist")
public record WaitlistProperties(
    @DefaultValue Streams streams,
    @DefaultValue Offers offers,
    @DefaultValue Ranking ranking,
    @DefaultValue({"WHATSAPP", "SMS", "EMAIL"}) List<ContactChannel> channels,
    @DefaultValue Campaigns campaigns,
    Map<String, Hospital> hospitals) {

  public WaitlistProperties {
    hospitals = hospitals == null ? Map.of() : Map.copyOf(hospitals);
  }

  /**
   * @param applicationId Kafka Streams application id: consumer group, prefix of internal topics
   * @param stateDir      where the state stores live; empty: {@code <java.io.tmpdir>/<applicationId>}
   * @param threads       stream threads of this instance
   * @param tick          how often offers, deadlines and campaign pacing are checked (reads the clock)
   * @param partitions    partitions of the internal topics that route each slot and campaign to one task
   * @param properties    any other Kafka Streams setting, passed as is
   */
  public record Streams(
      @DefaultValue("waitlist-service") String applicationId,
      @DefaultValue("") String stateDir,
      @DefaultValue("1") int threads,
      @DefaultValue("1s") Duration tick,
      @DefaultValue("6") int partitions,
      Map<String, String> properties) {

    public Streams {
      properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    public Path stateDirectory() {
      return stateDir.isBlank() ? Path.of(System.getProperty("java.io.tmpdir"), applicationId) : Path.of(stateDir);
    }
  }

  /**
   * @param strategy        SEQUENTIAL (one candidate at a time) or PARALLEL (the best N at once)
   * @param parallelOffers  N for PARALLEL
   * @param offerTtl        how long a candidate has to answer
   * @param leadTime        slots closer than this are not offered (released instead)
   * @param keepFinishedFor how long after a slot's start its record is kept to ignore repeated cancellations
   * @param bookingPatience how long the HIS may take to answer the winner's booking before a
   *                        {@code BOOKING_OVERDUE} event tells ops (the slot keeps waiting for the answer)
   */
  public record Offers(
      @DefaultValue("SEQUENTIAL") OfferStrategy strategy,
      @DefaultValue("3") int parallelOffers,
      @DefaultValue("2h") Duration offerTtl,
      @DefaultValue("24h") Duration leadTime,
      @DefaultValue("7d") Duration keepFinishedFor,
      @DefaultValue("30m") Duration bookingPatience) {
  }

  /**
   * @param order               ranking keys, most important first
   * @param sameProfessional    an entry whose referral names a professional only gets that professional's slots
   * @param sameSite            an entry whose referral names a site only gets slots at that site
   * @param sameAppointmentType an entry only gets slots of the kind of appointment it waits for
   */
  public record Ranking(
      @DefaultValue({"GES_DEADLINE", "CLINICAL_PRIORITY", "TIME_WAITED"}) List<RankingCriterion> order,
      @DefaultValue("true") boolean sameProfessional,
      @DefaultValue("true") boolean sameSite,
      @DefaultValue("false") boolean sameAppointmentType) {
  }

  /**
   * @param sendRatePerSecond       questions per second, per campaign (the notifier also rate-limits)
   * @param burst                   questions sent at once at most (e.g. after a pause)
   * @param defaultAnswerWindowDays answer window when a request gives none
   * @param maxAnswerWindowDays     longest answer window a request may ask for
   * @param keepCompletedFor        how long a completed campaign's entries are kept for late answers
   */
  public record Campaigns(
      @DefaultValue("5") double sendRatePerSecond,
      @DefaultValue("10") int burst,
      @DefaultValue("7") int defaultAnswerWindowDays,
      @DefaultValue("60") int maxAnswerWindowDays,
      @DefaultValue("90d") Duration keepCompletedFor) {
  }

  /**
   * One hospital: any rule that differs from the defaults. Its name and phone, which purge questions
   * carry, are its profile's ({@code contactability.hospitals.<code>}).
   *
   * @param zone     IANA zone, e.g. America/Santiago
   * @param offers   overrides of {@code waitlist.offers.*} (unset fields keep the default)
   * @param ranking  overrides of {@code waitlist.ranking.*}
   * @param channels overrides of {@code waitlist.channels}
   */
  public record Hospital(
      String zone,
      OfferOverrides offers,
      RankingOverrides ranking,
      List<ContactChannel> channels) {
  }

  public record OfferOverrides(OfferStrategy strategy, Integer parallelOffers, Duration offerTtl, Duration leadTime,
      Duration keepFinishedFor, Duration bookingPatience) {
  }

  public record RankingOverrides(List<RankingCriterion> order, Boolean sameProfessional, Boolean sameSite,
      Boolean sameAppointmentType) {
  }
}
