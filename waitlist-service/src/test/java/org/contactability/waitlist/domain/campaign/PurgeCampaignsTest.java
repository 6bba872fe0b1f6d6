package org.contactability.waitlist.domain.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import org.contactability.waitlist.domain.campaign.MemberEffect.Acknowledge;
import org.contactability.waitlist.domain.campaign.MemberEffect.Ask;
import org.contactability.waitlist.domain.campaign.MemberEffect.Withdraw;
import org.contactability.waitlist.domain.campaign.MemberOutcome.Changed;
import org.contactability.waitlist.domain.candidate.Candidate;
import org.contactability.waitlist.domain.candidate.Contact;
import org.contactability.waitlist.domain.candidate.ContactChannel;
import org.contactability.waitlist.domain.candidate.Recipient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PurgeCampaignsTest {

  static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
  static final PurgeCampaigns RULES = new PurgeCampaigns(new Pacer(5, 10),
      List.of(ContactChannel.WHATSAPP, ContactChannel.EMAIL));
  static final CampaignSpec CARDIO = new CampaignSpec("c1", "HCH", "Cardiología", Duration.ofDays(7), T0);
  static final CampaignSpec WHOLE_LIST = new CampaignSpec("c2", "HCH", null, Duration.ofDays(7), T0);

  static Candidate entry(String specialty, boolean waiting, Contact contact) {
    return new Candidate("e1", "p1", "HCH", specialty, "NEW_CONSULTATION", null, null, false, null, 3,
        LocalDate.parse("2025-01-01"), waiting, contact);
  }

  static final Contact PHONE = new Contact("Ana", "Ana Soto", "+56911111111", null);

  static Stream<Arguments> enrolment() {
    return Stream.of(
        Arguments.of(CARDIO, entry("Cardiología", true, PHONE), MemberStatus.QUEUED),
        Arguments.of(CARDIO, entry(" cardiología", true, PHONE), MemberStatus.QUEUED),
        Arguments.of(CARDIO, entry("Neurología", true, PHONE), null),
        Arguments.of(CARDIO, entry("Cardiología", false, PHONE), null),
        Arguments.of(WHOLE_LIST, entry("Neurología", true, PHONE), MemberStatus.QUEUED),
        Arguments.of(CARDIO, entry("Cardiología", true, new Contact("Ana", "Ana Soto", null, null)),
            MemberStatus.UNDELIVERABLE),
        Arguments.of(CARDIO, entry("Cardiología", true, null), MemberStatus.UNDELIVERABLE));
  }

  @ParameterizedTest
  @MethodSource("enrolment")
  void a_campaign_asks_waiting_entries_of_its_hospital_and_specialty(CampaignSpec spec, Candidate candidate,
      MemberStatus expected) {
    assertThat(RULES.enrol(spec, candidate).map(CampaignMember::status).orElse(null)).isEqualTo(expected);
  }

  static CampaignMember member(MemberStatus status) {
    Recipient recipient = new Recipient(ContactChannel.WHATSAPP, "Ana", "Ana Soto", "+56911111111", null);
    boolean asked = status != MemberStatus.QUEUED;
    return new CampaignMember("c1", "e1", "p1", "Cardiología", recipient, status, asked ? T0 : null,
        asked ? T0.plus(Duration.ofDays(7)) : null);
  }

  static Stream<Arguments> answers() {
    return Stream.of(
        // status, still needed?, new status (null: unchanged), effects
        Arguments.of(MemberStatus.ASKED, true, MemberStatus.STILL_NEEDED, "ACK_YES"),
        Arguments.of(MemberStatus.ASKED, false, MemberStatus.WITHDRAWING, "WITHDRAW ACK_NO"),
        Arguments.of(MemberStatus.NO_ANSWER, true, MemberStatus.STILL_NEEDED, "ACK_YES"),
        Arguments.of(MemberStatus.NO_ANSWER, false, MemberStatus.WITHDRAWING, "WITHDRAW ACK_NO"),
        Arguments.of(MemberStatus.STILL_NEEDED, false, MemberStatus.WITHDRAWING, "WITHDRAW ACK_NO"),
        Arguments.of(MemberStatus.STILL_NEEDED, true, null, ""),
        Arguments.of(MemberStatus.WITHDRAWING, true, null, ""),
        Arguments.of(MemberStatus.WITHDRAWING, false, null, ""),
        Arguments.of(MemberStatus.WITHDRAWN, true, null, ""),
        Arguments.of(MemberStatus.QUEUED, true, null, ""),
        Arguments.of(MemberStatus.UNDELIVERABLE, true, null, ""));
  }

  @ParameterizedTest(name = "{0} + {1} -> {2}")
  @MethodSource("answers")
  void answers_keep_or_withdraw_the_entry(MemberStatus status, boolean stillNeeded, MemberStatus expected,
      String effects) {
    MemberOutcome outcome = RULES.answer(member(status), stillNeeded);

    if (expected == null) {
      assertThat(outcome).isInstanceOf(MemberOutcome.Unchanged.class);
      return;
    }
    Changed changed = (Changed) outcome;
    assertThat(changed.member().status()).isEqualTo(expected);
    assertThat(String.join(" ", changed.effects().stream().map(PurgeCampaignsTest::name).toList())).isEqualTo(effects);
  }

  static String name(MemberEffect effect) {
    if (effect instanceof Withdraw) {
      return "WITHDRAW";
    }
    if (effect instanceof Acknowledge ack) {
      return ack.stillNeeded() ? "ACK_YES" : "ACK_NO";
    }
    return "ASK";
  }

  @Test
  void asking_opens_the_answer_window_and_sends_the_question() {
    Campaign campaign = RULES.start(CARDIO, T0);
    Changed asked = (Changed) RULES.ask(campaign, member(MemberStatus.QUEUED), T0.plusSeconds(5));

    assertThat(asked.member().status()).isEqualTo(MemberStatus.ASKED);
    assertThat(asked.member().answerBy()).isEqualTo(T0.plusSeconds(5).plus(Duration.ofDays(7)));
    assertThat(asked.effects()).singleElement().isInstanceOf(Ask.class);
    assertThat(RULES.ask(campaign, asked.member(), T0)).isInstanceOf(MemberOutcome.Unchanged.class);
  }

  @Test
  void the_window_lapses_at_answer_by_not_before() {
    CampaignMember asked = member(MemberStatus.ASKED);

    assertThat(RULES.lapse(asked, asked.answerBy().minusMillis(1))).isInstanceOf(MemberOutcome.Unchanged.class);
    assertThat(((Changed) RULES.lapse(asked, asked.answerBy())).member().status()).isEqualTo(MemberStatus.NO_ANSWER);
    assertThat(RULES.lapse(member(MemberStatus.STILL_NEEDED), asked.answerBy().plusSeconds(1)))
        .isInstanceOf(MemberOutcome.Unchanged.class);
  }

  @Test
  void delivery_failures_and_withdrawal_results_settle_the_entry() {
    assertThat(((Changed) RULES.undeliverable(member(MemberStatus.ASKED))).member().status())
        .isEqualTo(MemberStatus.UNDELIVERABLE);
    assertThat(RULES.undeliverable(member(MemberStatus.STILL_NEEDED))).isInstanceOf(MemberOutcome.Unchanged.class);
    assertThat(((Changed) RULES.withdrawal(member(MemberStatus.WITHDRAWING), true)).member().status())
        .isEqualTo(MemberStatus.WITHDRAWN);
    assertThat(((Changed) RULES.withdrawal(member(MemberStatus.WITHDRAWING), false)).member().status())
        .isEqualTo(MemberStatus.WITHDRAWAL_REFUSED);
    assertThat(RULES.withdrawal(member(MemberStatus.WITHDRAWN), true)).isInstanceOf(MemberOutcome.Unchanged.class);
  }

  @Test
  void the_campaign_moves_from_sending_to_awaiting_answers_to_completed_as_its_counts_settle() {
    Campaign campaign = RULES.start(CARDIO, T0);
    CampaignMember first = RULES.enrol(CARDIO, entry("Cardiología", true, PHONE)).orElseThrow();
    CampaignMember second = RULES.enrol(CARDIO, entry("Cardiología", true, null)).orElseThrow();
    campaign = RULES.counted(RULES.counted(campaign, first, T0), second, T0);
    assertThat(campaign.status()).isEqualTo(CampaignStatus.SENDING);
    assertThat(campaign.counts().total()).isEqualTo(2);

    Changed asked = (Changed) RULES.ask(campaign, first, T0);
    campaign = RULES.count(campaign, asked, T0);
    assertThat(campaign.status()).isEqualTo(CampaignStatus.AWAITING_ANSWERS);
    assertThat(campaign.counts().asked()).isEqualTo(1);

    Changed answered = (Changed) RULES.answer(asked.member(), false);
    campaign = RULES.count(campaign, answered, T0);
    assertThat(campaign.status()).as("withdrawal still pending").isEqualTo(CampaignStatus.AWAITING_ANSWERS);

    Changed withdrawn = (Changed) RULES.withdrawal(answered.member(), true);
    campaign = RULES.count(campaign, withdrawn, T0.plusSeconds(60));
    assertThat(campaign.status()).isEqualTo(CampaignStatus.COMPLETED);
    assertThat(campaign.completedAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(campaign.counts().of(MemberStatus.WITHDRAWN)).isEqualTo(1);
    assertThat(campaign.counts().of(MemberStatus.UNDELIVERABLE)).isEqualTo(1);
    assertThat(campaign.counts().total()).isEqualTo(2);
  }
}
