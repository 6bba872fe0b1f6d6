package org.contactability.notifier.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.ContactPurpose;
import org.contactability.contracts.common.Correlation;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.FailureKind;
import org.junit.jupiter.api.Test;

class DeliveryLedgerTest {

  private final DeliveryLedger ledger = new DeliveryLedger();
  private final List<ContactStatus> published = new ArrayList<>();

  private static ContactStatus status(String requestId, DeliveryStatus status, String sid, boolean permanent, Instant at) {
    return ContactStatus.newBuilder().setStatusId(UUID.randomUUID().toString()).setRequestId(requestId)
        .setCorrelation(Correlation.newBuilder().build()).setHospitalCode("HCHM").setPurpose(ContactPurpose.REMINDER)
        .setChannel(Channel.SMS).setStatus(status).setProvider("twilio").setProviderMessageId(sid)
        .setPermanent(permanent).setOccurredAt(at).build();
  }

  private static ContactStatus status(String requestId, DeliveryStatus status, String sid) {
    return status(requestId, status, sid, false, Instant.parse("2026-05-02T14:00:00Z"));
  }

  private static ContactStatus failed(String requestId, FailureKind failure) {
    return ContactStatus.newBuilder().setStatusId(UUID.randomUUID().toString()).setRequestId(requestId)
        .setCorrelation(Correlation.newBuilder().build()).setHospitalCode("HCHM").setPurpose(ContactPurpose.REMINDER)
        .setChannel(Channel.SMS).setStatus(DeliveryStatus.FAILED).setProvider("twilio").setFailure(failure)
        .setOccurredAt(Instant.parse("2026-05-02T14:00:00Z")).build();
  }

  @Test
  void an_unknown_request_is_granted_and_while_in_flight_a_second_copy_is_not() {
    assertThat(ledger.claim("r-1")).isInstanceOf(DeliveryLedger.Claim.Granted.class);
    assertThat(ledger.claim("r-1")).isInstanceOf(DeliveryLedger.Claim.InFlight.class);
    ledger.release("r-1");
    assertThat(ledger.claim("r-1")).isInstanceOf(DeliveryLedger.Claim.Granted.class);
  }

  @Test
  void a_sent_request_is_a_duplicate_and_one_cut_off_mid_call_is_in_doubt_and_held_while_settled() {
    ledger.apply("k", status("r-1", DeliveryStatus.SENDING, null));
    ledger.apply("k", status("r-1", DeliveryStatus.QUEUED, "SM1"));
    ledger.apply("k", status("r-2", DeliveryStatus.SENDING, null));

    assertThat(ledger.claim("r-1")).isInstanceOf(DeliveryLedger.Claim.Duplicate.class);
    assertThat(ledger.claim("r-2")).isInstanceOf(DeliveryLedger.Claim.InDoubt.class);
    assertThat(ledger.claim("r-2")).as("settled by one thread at a time").isInstanceOf(DeliveryLedger.Claim.InFlight.class);
    ledger.release("r-2");
    assertThat(ledger.claim("r-2")).isInstanceOf(DeliveryLedger.Claim.InDoubt.class);
  }

  @Test
  void a_technical_failure_may_be_sent_again_once_replayed_but_a_temporary_one_is_over() {
    ledger.apply("k", status("r-1", DeliveryStatus.SENDING, null));
    ledger.apply("k", failed("r-1", FailureKind.TECHNICAL));
    ledger.apply("k", status("r-2", DeliveryStatus.SENDING, null));
    ledger.apply("k", failed("r-2", FailureKind.TEMPORARY));

    assertThat(ledger.claim("r-1")).isInstanceOf(DeliveryLedger.Claim.Granted.class);
    assertThat(ledger.claim("r-2")).as("the deadline passed; the plan's next channel went")
        .isInstanceOf(DeliveryLedger.Claim.Duplicate.class);
  }

  @Test
  void a_request_given_up_without_a_provider_id_may_be_sent_again_but_a_permanent_failure_may_not() {
    ledger.apply("k", status("r-1", DeliveryStatus.SENDING, null));
    ledger.apply("k", status("r-1", DeliveryStatus.FAILED, null));
    ledger.apply("k", status("r-2", DeliveryStatus.FAILED, null, true, Instant.parse("2026-05-02T14:00:00Z")));

    assertThat(ledger.claim("r-1")).isInstanceOf(DeliveryLedger.Claim.Granted.class);
    assertThat(ledger.publishIfAdvances("k", status("r-1", DeliveryStatus.SENDING, null), published::add)).isTrue();
    assertThat(ledger.claim("r-2")).isInstanceOf(DeliveryLedger.Claim.Duplicate.class);
  }

  @Test
  void only_statuses_that_move_a_request_forward_are_published_and_the_provider_id_finds_the_request() {
    assertThat(ledger.publishIfAdvances("k", status("r-1", DeliveryStatus.SENDING, null), published::add)).isTrue();
    assertThat(ledger.publishIfAdvances("k", status("r-1", DeliveryStatus.QUEUED, "SM1"), published::add)).isTrue();
    assertThat(ledger.publishIfAdvances("k", status("r-1", DeliveryStatus.DELIVERED, null), published::add)).isTrue();
    assertThat(ledger.publishIfAdvances("k", status("r-1", DeliveryStatus.SENT, "SM1"), published::add)).isFalse();
    assertThat(ledger.publishIfAdvances("k", status("r-1", DeliveryStatus.DELIVERED, "SM1"), published::add)).isFalse();

    assertThat(published).extracting(ContactStatus::getStatus)
        .containsExactly(DeliveryStatus.SENDING, DeliveryStatus.QUEUED, DeliveryStatus.DELIVERED);
    assertThat(ledger.findByProviderMessageId("SM1")).hasValueSatisfying(entry -> {
      assertThat(entry.key()).isEqualTo("k");
      assertThat(entry.latest().getStatus()).isEqualTo(DeliveryStatus.DELIVERED);
      assertThat(entry.providerMessageId()).isEqualTo("SM1");
    });
  }

  @Test
  void nothing_is_remembered_when_the_status_cannot_be_written() {
    assertThatThrownBy(() -> ledger.publishIfAdvances("k", status("r-1", DeliveryStatus.SENDING, null), s -> {
      throw new IllegalStateException("broker down");
    })).hasMessage("broker down");

    assertThat(ledger.find("r-1")).isEmpty();
    assertThat(ledger.claim("r-1")).isInstanceOf(DeliveryLedger.Claim.Granted.class);
  }

  @Test
  void requests_older_than_the_lookback_are_forgotten() {
    ledger.apply("k", status("old", DeliveryStatus.DELIVERED, "SM-old", false, Instant.parse("2026-04-01T00:00:00Z")));
    ledger.apply("k", status("new", DeliveryStatus.DELIVERED, "SM-new", false, Instant.parse("2026-05-01T00:00:00Z")));

    assertThat(ledger.forgetBefore(Instant.parse("2026-04-15T00:00:00Z"))).isEqualTo(1);
    assertThat(ledger.find("old")).isEmpty();
    assertThat(ledger.findByProviderMessageId("SM-old")).isEmpty();
    assertThat(ledger.find("new")).isPresent();
  }

  @Test
  void the_statuses_of_an_accepted_send_are_published_in_one_write_and_only_those_that_move_it_forward() {
    ledger.publishIfAdvances("k", status("r-1", DeliveryStatus.SENDING, null), published::add);
    List<List<ContactStatus>> writes = new ArrayList<>();

    List<ContactStatus> result = ledger.publishAllIfAdvances("k", List.of(status("r-1", DeliveryStatus.QUEUED, "SM1"),
        status("r-1", DeliveryStatus.SENT, null), status("r-1", DeliveryStatus.QUEUED, null),
        status("r-1", DeliveryStatus.DELIVERED, null)), writes::add);

    assertThat(writes).hasSize(1);
    assertThat(writes.get(0)).extracting(ContactStatus::getStatus)
        .containsExactly(DeliveryStatus.QUEUED, DeliveryStatus.SENT, DeliveryStatus.DELIVERED);
    assertThat(result).isEqualTo(writes.get(0));
    assertThat(ledger.find("r-1")).get().satisfies(entry -> {
      assertThat(entry.latest().getStatus()).isEqualTo(DeliveryStatus.DELIVERED);
      assertThat(entry.providerMessageId()).isEqualTo("SM1");
    });
    assertThat(ledger.findByProviderMessageId("SM1")).isPresent();
    assertThat(ledger.publishAllIfAdvances("k", List.of(status("r-1", DeliveryStatus.SENT, null)), writes::add))
        .isEmpty();
    assertThat(writes).as("nothing new: no write").hasSize(1);
  }

  @Test
  void a_batch_that_cannot_be_written_leaves_the_request_where_it_was_so_the_send_is_settled_at_the_provider() {
    ledger.publishIfAdvances("k", status("r-1", DeliveryStatus.SENDING, null), published::add);

    assertThatThrownBy(() -> ledger.publishAllIfAdvances("k", List.of(status("r-1", DeliveryStatus.QUEUED, "SM1"),
        status("r-1", DeliveryStatus.DELIVERED, null)), s -> {
          throw new IllegalStateException("broker down");
        })).hasMessage("broker down");

    assertThat(ledger.find("r-1")).get().extracting(entry -> entry.latest().getStatus())
        .isEqualTo(DeliveryStatus.SENDING);
    ledger.release("r-1");
    assertThat(ledger.claim("r-1")).isInstanceOf(DeliveryLedger.Claim.InDoubt.class);
  }

  @Test
  void statuses_queued_without_waiting_are_remembered_at_once_and_forgotten_again_when_their_write_fails() {
    ledger.publishIfAdvances("k", status("r-1", DeliveryStatus.SENDING, null), published::add);
    CompletableFuture<Void> write = new CompletableFuture<>();
    List<List<ContactStatus>> queued = new ArrayList<>();

    DeliveryLedger.Written written = ledger.publishAllIfAdvancesLater("k", List.of(
        status("r-1", DeliveryStatus.QUEUED, "SM1"), status("r-1", DeliveryStatus.DELIVERED, null)), s -> {
          queued.add(s);
          return write;
        });

    assertThat(queued).hasSize(1);
    assertThat(written.published()).isEqualTo(queued.get(0));
    assertThat(ledger.find("r-1")).get().extracting(entry -> entry.latest().getStatus())
        .as("remembered before the broker answered").isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(ledger.findByProviderMessageId("SM1")).isPresent();
    assertThat(written.durable()).isNotDone();

    write.completeExceptionally(new IllegalStateException("broker down"));

    assertThatThrownBy(() -> written.durable().join()).hasRootCauseMessage("broker down");
    assertThat(ledger.find("r-1")).get().extracting(entry -> entry.latest().getStatus())
        .as("forgotten before the write is reported failed").isEqualTo(DeliveryStatus.SENDING);
    assertThat(ledger.findByProviderMessageId("SM1")).isEmpty();
    ledger.release("r-1");
    assertThat(ledger.claim("r-1")).as("read again, it is settled with the provider")
        .isInstanceOf(DeliveryLedger.Claim.InDoubt.class);
  }

  @Test
  void a_failed_queued_write_keeps_a_status_that_moved_the_request_on_meanwhile_and_a_durable_one_is_kept() {
    ledger.publishIfAdvances("k", status("r-1", DeliveryStatus.SENDING, null), published::add);
    ledger.publishIfAdvances("k", status("r-2", DeliveryStatus.SENDING, null), published::add);
    CompletableFuture<Void> failing = new CompletableFuture<>();
    DeliveryLedger.Written first = ledger.publishAllIfAdvancesLater("k",
        List.of(status("r-1", DeliveryStatus.QUEUED, "SM1")), s -> failing);
    ledger.apply("k", status("r-1", DeliveryStatus.READ, null));
    DeliveryLedger.Written second = ledger.publishAllIfAdvancesLater("k",
        List.of(status("r-2", DeliveryStatus.QUEUED, "SM2")), s -> CompletableFuture.completedFuture(null));

    failing.completeExceptionally(new IllegalStateException("broker down"));

    assertThatThrownBy(() -> first.durable().join()).hasRootCauseMessage("broker down");
    assertThat(ledger.find("r-1")).get().extracting(entry -> entry.latest().getStatus())
        .isEqualTo(DeliveryStatus.READ);
    assertThat(second.durable()).isCompleted();
    assertThat(ledger.find("r-2")).get().extracting(entry -> entry.latest().getStatus())
        .isEqualTo(DeliveryStatus.QUEUED);
    assertThat(ledger.findByProviderMessageId("SM2")).isPresent();
  }

  @Test
  void the_sending_statuses_of_a_batch_are_written_together_and_only_those_that_move_their_request_forward() {
    ledger.apply("k3", status("r-3", DeliveryStatus.SENDING, null));
    ledger.apply("k3", status("r-3", DeliveryStatus.DELIVERED, "SM3"));
    List<List<StatusLog.Keyed>> writes = new ArrayList<>();

    List<StatusLog.Keyed> result = ledger.publishEachIfAdvances(List.of(
        new StatusLog.Keyed("k1", status("r-1", DeliveryStatus.SENDING, null)),
        new StatusLog.Keyed("k2", status("r-2", DeliveryStatus.SENDING, null)),
        new StatusLog.Keyed("k3", status("r-3", DeliveryStatus.SENDING, null))), writes::add);

    assertThat(writes).hasSize(1);
    assertThat(writes.get(0)).extracting(StatusLog.Keyed::key).containsExactly("k1", "k2");
    assertThat(result).isEqualTo(writes.get(0));
    assertThat(ledger.find("r-2")).get().satisfies(entry -> {
      assertThat(entry.key()).isEqualTo("k2");
      assertThat(entry.latest().getStatus()).isEqualTo(DeliveryStatus.SENDING);
    });
    assertThat(ledger.claim("r-1")).as("cut off now, it would be settled first")
        .isInstanceOf(DeliveryLedger.Claim.InDoubt.class);
  }

  @Test
  void nothing_of_a_batch_is_remembered_when_its_sending_statuses_cannot_be_written() {
    assertThatThrownBy(() -> ledger.publishEachIfAdvances(List.of(
        new StatusLog.Keyed("k1", status("r-1", DeliveryStatus.SENDING, null)),
        new StatusLog.Keyed("k2", status("r-2", DeliveryStatus.SENDING, null))), s -> {
          throw new IllegalStateException("broker down");
        })).hasMessage("broker down");

    assertThat(ledger.find("r-1")).isEmpty();
    assertThat(ledger.find("r-2")).isEmpty();
  }
}
