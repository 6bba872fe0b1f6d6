package org.contactability.scheduler.config;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.contactability.common.hospital.HospitalProfile;
import org.contactability.common.hospital.HospitalProfiles;
import org.contactability.common.templates.MessageTemplate;
import org.contactability.contracts.common.AppointmentType;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.ContactPurpose;
import org.contactability.scheduler.domain.ContactPolicy;
import org.contactability.scheduler.domain.Hospital;
import org.contactability.scheduler.domain.Notice;
import org.contactability.scheduler.domain.PolicyCatalog;
import org.contactability.scheduler.domain.PolicyRule;
import org.contactability.scheduler.domain.PolicyStep;
import org.contactability.scheduler.domain.QuietHours;
import org.contactability.scheduler.domain.QuietMove;
import org.contactability.scheduler.domain.SendCondition;
import org.contactability.scheduler.domain.StepTrigger;
import org.contactability.scheduler.domain.Timing;

/**
 * Turns the YAML of {@code scheduler.hospitals} and {@code scheduler.policies}, with each hospital's
 * profile (name and phone), into the domain's catalog, checking it.
 */
public final class PolicyCatalogFactory {

  private PolicyCatalogFactory() {
  }

  public static PolicyCatalog create(SchedulerProperties properties, HospitalProfiles profiles) {
    List<ContactPolicy> policies = new ArrayList<>();
    new TreeMap<>(properties.policies()).forEach((id, p) -> policies.add(policy(id, p)));
    List<Hospital> hospitals = new ArrayList<>();
    new TreeMap<>(properties.hospitals()).forEach((code, h) -> hospitals.add(hospital(code, h, profiles.of(code))));
    return new PolicyCatalog(hospitals, policies);
  }

  static Hospital hospital(String code, SchedulerProperties.HospitalProperties h, HospitalProfile profile) {
    require(profile.name(), "contactability.hospitals." + code + ".name");
    require(h.zone(), "scheduler.hospitals." + code + ".zone");
    require(h.policy(), "scheduler.hospitals." + code + ".policy");
    List<PolicyRule> rules = h.rules() == null ? List.of() : h.rules().stream()
        .map(r -> new PolicyRule(set(r.sites()), set(r.specialties()),
            r.types() == null ? Set.of() : r.types().stream().map(AppointmentType::valueOf).collect(Collectors.toSet()),
            r.policy()))
        .toList();
    return new Hospital(code, profile.name(), profile.phone(), ZoneId.of(h.zone()), h.policy(), rules);
  }

  static ContactPolicy policy(String id, PolicyProperties p) {
    Timing timing = p.timing() == null ? Timing.WALL_CLOCK : p.timing();
    List<PolicyStep> steps = p.steps() == null ? List.of() : p.steps().stream().map(s -> step(id, s, timing)).toList();
    QuietHours quiet = p.quietHours() == null ? null : new QuietHours(p.quietHours().from(), p.quietHours().to(),
        p.quietHours().move() == null ? QuietMove.DEFER : p.quietHours().move());
    return new ContactPolicy(id, steps, timing, p.confirmUntil(), p.cancelUntil(), quiet, p.lateGrace(),
        p.fallbackGrace(), p.retention(), notice(id, p.rescheduleNotice()), notice(id, p.cancellationNotice()));
  }

  private static PolicyStep step(String policyId, PolicyProperties.StepProperties s, Timing policyTiming) {
    String where = "scheduler.policies." + policyId + ".steps[" + s.id() + "]";
    require(s.id(), "scheduler.policies." + policyId + ".steps[].id");
    require(s.template(), where + ".template");
    if ((s.at() == null) == (s.before() == null)) {
      throw new IllegalArgumentException(where + ": give exactly one of 'at: BOOKED' or 'before: <duration>'");
    }
    StepTrigger trigger = s.at() != null ? new StepTrigger.AtBooking()
        : new StepTrigger.BeforeStart(s.before(), s.timing() == null ? policyTiming : s.timing());
    return new PolicyStep(s.id(), trigger, channels(s.channel(), s.channels(), where), s.fallback(), s.template(),
        purpose(s.purpose(), s.template(), where), answer(s.answer(), s.template()),
        s.unless() == null ? SendCondition.ALWAYS : SendCondition.UNLESS_REACHED, s.afterConfirmation());
  }

  private static Notice notice(String policyId, PolicyProperties.NoticeProperties n) {
    if (n == null) {
      return null;
    }
    String where = "scheduler.policies." + policyId + " notice '" + n.template() + "'";
    require(n.template(), where + ".template");
    return new Notice(channels(n.channel(), n.channels(), where), n.fallback(), n.template(),
        purpose(n.purpose(), n.template(), where), answer(n.answer(), n.template()));
  }

  private static List<Channel> channels(Channel one, List<Channel> many, String where) {
    if ((one == null) == (many == null || many.isEmpty())) {
      throw new IllegalArgumentException(where + ": give exactly one of 'channel' or 'channels'");
    }
    return one != null ? List.of(one) : many;
  }

  /** The catalogue's templates a policy may name without saying their purpose and whether they take an answer. */
  private static final Set<MessageTemplate> PLANNED = EnumSet.of(MessageTemplate.BOOKING_NOTICE,
      MessageTemplate.REMINDER, MessageTemplate.RESCHEDULE_NOTICE, MessageTemplate.HOSPITAL_CANCELLATION_NOTICE);

  private static Optional<MessageTemplate> planned(String template) {
    return MessageTemplate.named(template).filter(PLANNED::contains);
  }

  private static ContactPurpose purpose(ContactPurpose given, String template, String where) {
    if (given != null) {
      return given;
    }
    return planned(template).map(MessageTemplate::purpose).orElseThrow(() -> new IllegalArgumentException(
        where + ": template '" + template + "' needs an explicit 'purpose'"));
  }

  private static boolean answer(Boolean given, String template) {
    if (given != null) {
      return given;
    }
    return planned(template).map(t -> !t.answers().isEmpty()).orElse(false);
  }

  private static Set<String> set(List<String> values) {
    return values == null ? Set.of() : Set.copyOf(values);
  }

  private static void require(String value, String property) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(property + " is required");
    }
  }
}
