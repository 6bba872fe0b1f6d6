package org.contactability.waitlist.adapters.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.contactability.waitlist.adapters.kafka.Records.campaign;
import static org.contactability.waitlist.adapters.kafka.Records.campaignAnswer;
import static org.contactability.waitlist.adapters.kafka.Records.entry;
import static org.contactability.waitlist.adapters.kafka.Records.entryChange;
import static org.contactability.waitlist.adapters.kafka.Records.patient;
import static org.contactability.waitlist.adapters.kafka.Records.result;
import static org.contactability.waitlist.adapters.kafka.Records.status;
import static org.contactability.waitlist.adapters.kafka.TopologyFixture.values;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.contactability.common.links.AnswerTokens;
import org.contactability.contracts.common.ContactPurpose;
import org.contactability.contracts.common.Correlation;
import org.contactability.contracts.common.WaitlistStatus;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.Intent;
import org.contactability.contracts.contact.PatientResponse;
import org.contactability.contracts.his.CommandOutcome;
import org.contactability.contracts.his.HisCommand;
import org.contactability.contracts.his.HisCommandResult;
import org.contactability.contracts.his.PatientChange;
import org.contactability.contracts.his.WaitlistEntryChange;
import org.contactability.contracts.his.WithdrawWaitlistEntry;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.contracts.waitlist.CampaignStatus;
import org.contactability.contracts.waitlist.PurgeCampaign;
import org.contactability.contracts.waitlist.PurgeCampaignProgress;
import org.contactability.schemas.topics.Topics;
import org.contactability.waitlist.domain.campaign.Pacer;
import org.contactability.waitlist.domain.offer.OfferStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Purge campaigns through the whole topology, paced by the clock. */
class CampaignTopologyTest {

  static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

  TopologyFixture harness;
  TestInputTopic<String, PurgeCampaign> campaigns;
  TestInputTopic<String, PatientResponse> responses;
  TestInputTopic<String, ContactStatus> statuses;
  TestInputTopic<String, HisCommandResult> results;
  TestInputTopic<String, WaitlistEntryChange> waitlist;
  TestInputTopic<String, PatientChange> patients;
  TestOutputTopic<String, ContactRequest> requests;
  TestOutputTopic<String, HisCommand> commands;
  TestOutputTopic<String, PurgeCampaignProgress> progress;

  void start(double perSecond, int burst) {
    harness = new TopologyFixture(T0, new FixedPolicies(OfferStrategy.SEQUENTIAL, 1), new Pacer(perSecond, burst));
    campaigns = harness.input(Topics.WAITLIST_CAMPAIGNS);
    responses = harness.input(Topics.PATIENT_RESPONSES);
    statuses = harness.input(Topics.CONTACT_STATUS);
    results = harness.input(Topics.HIS_COMMAND_RESULTS);
    waitlist = harness.input(Topics.HIS_WAITLIST);
    patients = harness.input(Topics.HIS_PATIENTS);
    requests = harness.output(Topics.CONTACT_REQUESTS);
    commands = harness.output(Topics.HIS_COMMANDS);
    progress = harness.output(Topics.WAITLIST_CAMPAIGN_PROGRESS);
  }

  @AfterEach
  void close() {
    harness.close();
  }

  void waiting(String entryId, String specialty, String phone) {
    patients.pipeInput("p-" + entryId, patient("p-" + entryId, phone, null, T0));
    waitlist.pipeInput(entryId, entryChange(entry(entryId, "p-" + entryId, specialty).build(), T0));
  }

  PurgeCampaignProgress latest() {
    List<PurgeCampaignProgress> all = values(progress);
    assertThat(all).as("a progress record").isNotEmpty();
    return all.get(all.size() - 1);
  }

  static String counts(PurgeCampaignProgress p) {
    return p.getStatus() + " total=" + p.getTotal() + " asked=" + p.getAsked() + " queued=" + p.getQueued()
        + " awaiting=" + p.getAwaitingAnswer() + " stillNeeded=" + p.getStillNeeded() + " withdrawing="
        + p.getWithdrawing() + " withdrawn=" + p.getWithdrawn() + " noAnswer=" + p.getNoAnswer() + " undeliverable="
        + p.getUndeliverable();
  }

  @Test
  void a_campaign_asks_each_waiting_entry_keeps_withdraws_reports_silence_and_completes() {
    start(1, 2);
    waiting("e1", "Cardiología", "+56911111111");
    waiting("e2", "Cardiología", "+56922222222");
    waiting("e3", "Cardiología", "+56933333333");
    waiting("e4", "Cardiología", "+56944444444");
    waiting("e-mute", "Cardiología", null);
    waiting("e-neuro", "Neurología", "+56955555555");
    waitlist.pipeInput("e-done", entryChange(entry("e-done", "p-e1", "Cardiología")
        .setStatus(WaitlistStatus.WITHDRAWN).build(), T0));

    campaigns.pipeInput("c-1", campaign("c-1", "Cardiología", 7, T0));

    assertThat(counts(latest())).isEqualTo(
        "SENDING total=5 asked=0 queued=4 awaiting=0 stillNeeded=0 withdrawing=0 withdrawn=0 noAnswer=0 undeliverable=1");
    assertThat(requests.isEmpty()).as("questions go out on the pacer's ticks").isTrue();

    harness.advance(Duration.ofSeconds(1));
    List<KeyValue<String, ContactRequest>> first = requests.readKeyValuesToList();
    assertThat(first).extracting(kv -> kv.key).containsExactly("e1", "e2");
    ContactRequest question = first.get(0).value;
    assertThat(question.getTemplate()).isEqualTo("still-needed-question");
    assertThat(question.getPurpose()).isEqualTo(ContactPurpose.STILL_NEEDED_QUESTION);
    assertThat(question.getCorrelation().getCampaignId()).isEqualTo("c-1");
    assertThat(question.getCorrelation().getWaitlistEntryId()).isEqualTo("e1");
    assertThat(AnswerTokens.isWellFormed(question.getAnswerToken())).isTrue();
    assertThat(question.getRespondBy()).isEqualTo(harness.now().plus(Duration.ofDays(7)));
    assertThat(question.getVariables()).containsEntry("answerBy", harness.now().plus(Duration.ofDays(7)).toString());
    assertThat(question.getDetails().getSpecialty()).isEqualTo("Cardiología");
    assertThat(question.getDetails().getHospitalName()).isEqualTo("Hospital Clínico Herminda Martín");
    assertThat(counts(latest())).startsWith("SENDING total=5 asked=2 queued=2 awaiting=2");

    harness.advance(Duration.ofSeconds(1));
    assertThat(requests.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("e3");
    harness.advance(Duration.ofSeconds(1));
    assertThat(requests.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("e4");
    assertThat(counts(latest())).startsWith("AWAITING_ANSWERS total=5 asked=4 queued=0 awaiting=4");

    responses.pipeInput("e1", campaignAnswer("c-1", "e1", Intent.STILL_NEEDED, harness.now()));
    ContactRequest kept = requests.readValue();
    assertThat(kept.getTemplate()).isEqualTo("still-needed-answer");
    assertThat(kept.getVariables()).containsEntry("answer", "STILL_NEEDED");

    responses.pipeInput("e2", campaignAnswer("c-1", "e2", Intent.NOT_NEEDED, harness.now()));
    KeyValue<String, HisCommand> withdrawal = commands.readKeyValue();
    assertThat(withdrawal.key).isEqualTo("e2");
    assertThat(withdrawal.value.getCommandId()).isEqualTo("withdraw:c-1:e2");
    assertThat(((WithdrawWaitlistEntry) withdrawal.value.getCommand()).getWaitlistEntryId()).isEqualTo("e2");
    assertThat(requests.readValue().getVariables()).containsEntry("answer", "NOT_NEEDED");

    Correlation e3 = Correlation.newBuilder().setCampaignId("c-1").setWaitlistEntryId("e3").build();
    statuses.pipeInput("e3", status("campaign:c-1:e3:still-needed-question", e3, ContactPurpose.STILL_NEEDED_QUESTION,
        DeliveryStatus.FAILED, harness.now()));
    results.pipeInput("e2", result("withdraw:c-1:e2", "WithdrawWaitlistEntry",
        Correlation.newBuilder().setCampaignId("c-1").setWaitlistEntryId("e2").build(), CommandOutcome.APPLIED, null,
        harness.now()));
    assertThat(counts(latest())).isEqualTo(
        "AWAITING_ANSWERS total=5 asked=4 queued=0 awaiting=1 stillNeeded=1 withdrawing=0 withdrawn=1 noAnswer=0"
            + " undeliverable=2");

    harness.advance(Duration.ofDays(7));
    PurgeCampaignProgress done = latest();
    assertThat(counts(done)).isEqualTo(
        "COMPLETED total=5 asked=4 queued=0 awaiting=0 stillNeeded=1 withdrawing=0 withdrawn=1 noAnswer=1"
            + " undeliverable=2");
    assertThat(done.getCompletedAt()).isEqualTo(harness.now());

    responses.pipeInput("e4", campaignAnswer("c-1", "e4", Intent.STILL_NEEDED, harness.now()));
    assertThat(counts(latest())).as("a late answer still counts")
        .contains("stillNeeded=2").contains("noAnswer=0");
  }

  @Test
  void a_large_campaign_is_paced_even_when_the_clock_jumps_days_ahead() {
    start(5, 10);
    for (int i = 0; i < 200; i++) {
      waiting(String.format("e%03d", i), "Oftalmología", "+569" + String.format("%08d", i));
    }
    campaigns.pipeInput("c-big", campaign("c-big", null, 7, T0));

    harness.advance(Duration.ofSeconds(1));
    assertThat(requests.readRecordsToList()).as("a full bucket at first").hasSize(10);
    for (int i = 0; i < 4; i++) {
      harness.advance(Duration.ofSeconds(1));
      assertThat(requests.readRecordsToList()).as("then the rate").hasSize(5);
    }
    harness.advance(Duration.ofDays(3));
    List<ContactRequest> afterJump = values(requests);
    assertThat(afterJump.stream().filter(r -> r.getPurpose() == ContactPurpose.STILL_NEEDED_QUESTION))
        .as("a clock jump grants one burst, not days of messages").hasSize(10);
    PurgeCampaignProgress p = latest();
    assertThat(p.getAsked()).isEqualTo(40);
    assertThat(p.getQueued()).isEqualTo(160);
    assertThat(p.getTotal()).isEqualTo(200);
    assertThat(p.getStatus()).isEqualTo(CampaignStatus.SENDING);
  }

  @Test
  void answers_about_unknown_campaigns_are_dead_lettered() {
    start(1, 1);
    TestOutputTopic<String, DeadLetter> letters = harness.deadLetters(Topics.PATIENT_RESPONSES);

    responses.pipeInput("e9", campaignAnswer("c-none", "e9", Intent.NOT_NEEDED, T0));
    responses.pipeInput("e9", campaignAnswer(null, "e9", Intent.NOT_NEEDED, T0));

    assertThat(values(letters)).extracting(DeadLetter::getReason).satisfiesExactly(
        r -> assertThat(r).contains("campaign c-none has no entry e9"),
        r -> assertThat(r).contains("names no campaign"));
    assertThat(commands.isEmpty()).isTrue();
  }
}
