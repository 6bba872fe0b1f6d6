package org.contactability.waitlist.domain.candidate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.contactability.waitlist.domain.offer.Slot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RankingTest {

  static final Slot SLOT = new Slot("A-1", "HCH", "site-1", "prof-1", "Cardiología", "NEW_CONSULTATION",
      Instant.parse("2026-06-10T14:00:00Z"), LocalDateTime.parse("2026-06-10T10:00:00"), 20, "p-freed", null);
  static final Contact PHONE = new Contact("Ana", "Ana Soto", "+56911111111", null);

  static Candidate entry(String id) {
    return new Candidate(id, "p-" + id, "HCH", "Cardiología", "NEW_CONSULTATION", null, null, false, null, 3,
        LocalDate.parse("2025-01-01"), true, PHONE);
  }

  static Candidate ges(String id, String deadline) {
    Candidate c = entry(id);
    return new Candidate(c.entryId(), c.patientId(), c.hospitalCode(), c.specialty(), c.appointmentType(), null, null,
        true, deadline == null ? null : LocalDate.parse(deadline), c.clinicalPriority(), c.enteredOn(), true,
        c.contact());
  }

  static Candidate priority(Candidate c, int priority) {
    return new Candidate(c.entryId(), c.patientId(), c.hospitalCode(), c.specialty(), c.appointmentType(),
        c.professionalId(), c.siteId(), c.ges(), c.gesDeadline(), priority, c.enteredOn(), c.waiting(), c.contact());
  }

  static Candidate entered(Candidate c, String date) {
    return new Candidate(c.entryId(), c.patientId(), c.hospitalCode(), c.specialty(), c.appointmentType(),
        c.professionalId(), c.siteId(), c.ges(), c.gesDeadline(), c.clinicalPriority(), LocalDate.parse(date),
        c.waiting(), c.contact());
  }

  static Stream<Arguments> orders() {
    RankingPolicy standard = RankingPolicy.standard();
    RankingPolicy timeOnly = new RankingPolicy(List.of(RankingCriterion.TIME_WAITED), true, true, false,
        List.of(ContactChannel.WHATSAPP));
    RankingPolicy priorityFirst = new RankingPolicy(
        List.of(RankingCriterion.CLINICAL_PRIORITY, RankingCriterion.GES_DEADLINE, RankingCriterion.TIME_WAITED),
        true, true, false, List.of(ContactChannel.WHATSAPP));
    return Stream.of(
        Arguments.of("GES before non-GES, whatever the priority", standard,
            List.of(priority(entry("a"), 1), ges("b", "2026-09-01")), List.of("b", "a")),
        Arguments.of("closest GES deadline first", standard,
            List.of(ges("a", "2026-09-01"), ges("b", "2026-07-01"), ges("c", "2026-08-01")), List.of("b", "c", "a")),
        Arguments.of("GES without deadline after dated GES, before non-GES", standard,
            List.of(entry("a"), ges("b", null), ges("c", "2026-12-31")), List.of("c", "b", "a")),
        Arguments.of("then clinical priority, 1 first", standard,
            List.of(priority(entry("a"), 3), priority(entry("b"), 1), priority(entry("c"), 2)), List.of("b", "c", "a")),
        Arguments.of("then time waited, longest first", standard,
            List.of(entered(entry("a"), "2025-03-01"), entered(entry("b"), "2024-11-01"),
                entered(entry("c"), "2025-01-15")), List.of("b", "c", "a")),
        Arguments.of("full tie broken by entry id", standard,
            List.of(entry("c"), entry("a"), entry("b")), List.of("a", "b", "c")),
        Arguments.of("a hospital ranking by time waited only ignores GES", timeOnly,
            List.of(ges("a", "2026-07-01"), entered(entry("b"), "2020-01-01")), List.of("b", "a")),
        Arguments.of("a hospital putting priority before GES", priorityFirst,
            List.of(ges("a", "2026-07-01"), priority(entry("b"), 1)), List.of("b", "a")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("orders")
  void ranks_candidates_by_the_hospital_policy(String why, RankingPolicy policy, List<Candidate> pool,
      List<String> expected) {
    List<Candidate> ranked = new Ranking(policy).rank(SLOT, pool, Set.of());

    assertThat(ranked).extracting(Candidate::entryId).containsExactlyElementsOf(expected);
  }

  static Candidate with(Candidate c, String field, Object value) {
    return new Candidate(c.entryId(),
        field.equals("patientId") ? (String) value : c.patientId(),
        field.equals("hospitalCode") ? (String) value : c.hospitalCode(),
        field.equals("specialty") ? (String) value : c.specialty(),
        field.equals("appointmentType") ? (String) value : c.appointmentType(),
        field.equals("professionalId") ? (String) value : c.professionalId(),
        field.equals("siteId") ? (String) value : c.siteId(),
        c.ges(), c.gesDeadline(), c.clinicalPriority(), c.enteredOn(),
        field.equals("waiting") ? (Boolean) value : c.waiting(),
        field.equals("contact") ? (Contact) value : c.contact());
  }

  static Stream<Arguments> filters() {
    RankingPolicy standard = RankingPolicy.standard();
    RankingPolicy loose = new RankingPolicy(standard.order(), false, false, false, standard.channels());
    RankingPolicy strictType = new RankingPolicy(standard.order(), true, true, true, standard.channels());
    RankingPolicy emailOnly = new RankingPolicy(standard.order(), true, true, false, List.of(ContactChannel.EMAIL));
    Candidate e = entry("x");
    return Stream.of(
        Arguments.of(standard, e, null),
        Arguments.of(standard, with(e, "specialty", " cardiología "), null),
        Arguments.of(standard, with(e, "specialty", "Neurología"), "other specialty"),
        Arguments.of(standard, with(e, "hospitalCode", "HLS"), "other hospital"),
        Arguments.of(standard, with(e, "waiting", false), "entry no longer waiting"),
        Arguments.of(standard, with(e, "patientId", "p-freed"), "the patient who gave the slot up"),
        Arguments.of(standard, with(e, "professionalId", "prof-2"), "referral names another professional"),
        Arguments.of(standard, with(e, "professionalId", "prof-1"), null),
        Arguments.of(loose, with(e, "professionalId", "prof-2"), null),
        Arguments.of(standard, with(e, "siteId", "site-2"), "referral names another site"),
        Arguments.of(loose, with(e, "siteId", "site-2"), null),
        Arguments.of(standard, with(e, "appointmentType", "CONTROL"), null),
        Arguments.of(strictType, with(e, "appointmentType", "CONTROL"), "waits for another kind of appointment"),
        Arguments.of(standard, with(e, "contact", new Contact("Ana", "Ana Soto", null, null)),
            "unreachable on [WHATSAPP, SMS, EMAIL]"),
        Arguments.of(standard, with(e, "contact", null), "unreachable on [WHATSAPP, SMS, EMAIL]"),
        Arguments.of(standard, with(e, "contact", new Contact("Ana", "Ana Soto", null, "ana@example.cl")), null),
        Arguments.of(emailOnly, e, "unreachable on [EMAIL]"));
  }

  @ParameterizedTest(name = "{2} -> {1}")
  @MethodSource("filters")
  void keeps_only_waiting_reachable_entries_of_the_slot_specialty(RankingPolicy policy, Candidate candidate,
      String expectedExclusion) {
    Ranking ranking = new Ranking(policy);

    assertThat(ranking.exclusion(SLOT, candidate, Set.of()).orElse(null)).isEqualTo(expectedExclusion);
    assertThat(ranking.rank(SLOT, List.of(candidate), Set.of())).hasSize(expectedExclusion == null ? 1 : 0);
  }

  @Test
  void entries_already_offered_the_slot_are_not_offered_again() {
    Ranking ranking = new Ranking(RankingPolicy.standard());

    assertThat(ranking.rank(SLOT, List.of(entry("a"), entry("b")), Set.of("a")))
        .extracting(Candidate::entryId).containsExactly("b");
  }

  @Test
  void a_patient_is_reached_on_the_first_channel_of_the_preference_they_have_an_address_for() {
    Contact emailOnly = new Contact("Ana", "Ana Soto", null, "ana@example.cl");

    assertThat(emailOnly.reach(List.of(ContactChannel.WHATSAPP, ContactChannel.EMAIL)))
        .get().extracting(Recipient::channel).isEqualTo(ContactChannel.EMAIL);
    assertThat(PHONE.reach(List.of(ContactChannel.SMS, ContactChannel.EMAIL)))
        .get().extracting(Recipient::channel).isEqualTo(ContactChannel.SMS);
    assertThat(PHONE.toString()).doesNotContain("+569").doesNotContain("Ana");
  }
}
