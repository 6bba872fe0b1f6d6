package org.contactability.notifier.adapters.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.contactability.contracts.common.Channel;
import org.contactability.notifier.application.OutboundMessage;
import org.contactability.notifier.application.SendOutcome;
import org.contactability.notifier.application.TransientSendException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two notifier instances' sandbox channels on one {@link SandboxServer}, as bin/cluster runs them: what one sent, the
 * other finds when it settles a send in doubt, and nothing is held twice.
 */
class SharedSandboxTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T14:00:00Z"), ZoneOffset.UTC);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @TempDir
  Path data;
  private SandboxServer server;
  private SandboxFaults firstFaults;
  private SandboxChannel first;
  private SandboxChannel second;

  @BeforeEach
  void serve() throws IOException {
    server = SandboxServer.start(new SandboxInbox(100, 10, SandboxJournal.open(journal())), "127.0.0.1", 0);
    firstFaults = new SandboxFaults();
    first = channel(server.url(), firstFaults);
    second = channel(server.url(), new SandboxFaults());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aSendInDoubtAtOneInstanceIsFoundByTheOtherAndNotHeldTwice() throws Exception {
    // The first instance's send reaches the stand-in, then its answer is lost (as if the instance died waiting).
    firstFaults.add(new SandboxFaults.Fault(null, SandboxFaults.Kind.TIMEOUT, null, null, 1.0, null,
        Duration.ofMillis(10)));
    OutboundMessage message = message("req-1", "+56911112222");
    assertThatThrownBy(() -> first.send(message)).isInstanceOfSatisfying(TransientSendException.class,
        e -> assertThat(e.inDoubt()).isTrue());

    List<SendOutcome.Accepted> held = second.lookUp(message, CLOCK.instant().minusSeconds(60));
    assertThat(held).singleElement().satisfies(accepted -> assertThat(accepted.providerMessageId()).startsWith("SB"));
    SendOutcome again = second.send(message);
    assertThat(again).isInstanceOfSatisfying(SendOutcome.Accepted.class,
        accepted -> assertThat(accepted.providerMessageId()).isEqualTo(held.get(0).providerMessageId()));

    assertThat(SandboxJournal.read(journal())).extracting(SandboxMessage::requestId).containsExactly("req-1");
    assertThat(new SandboxClient(server.url(), TIMEOUT).of("+56911112222")).extracting(SandboxMessage::text)
        .containsExactly("Su hora es mañana");
  }

  @Test
  void aRequestTheStandInNeverTookIsNotFound() throws Exception {
    assertThat(second.lookUp(message("req-2", "+56911113333"), CLOCK.instant())).isEmpty();
    assertThat(new SandboxClient(server.url(), TIMEOUT).of("+56911113333")).isEmpty();
  }

  @Test
  void anUnreachableStandInIsATransientFailureAndASendInDoubt() {
    URI gone = server.url();
    server.close();
    SandboxChannel orphan = channel(gone, new SandboxFaults());
    OutboundMessage message = message("req-3", "+56911114444");
    assertThatThrownBy(() -> orphan.send(message)).isInstanceOfSatisfying(TransientSendException.class,
        e -> assertThat(e.inDoubt()).isTrue());
    assertThatThrownBy(() -> orphan.lookUp(message, CLOCK.instant())).isInstanceOf(TransientSendException.class)
        .hasMessageNotContaining("+56911114444");
  }

  @Test
  void aBodyThatIsNoMessageIsRefused() throws Exception {
    HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        server.url().resolve(SandboxServer.MESSAGES)).POST(HttpRequest.BodyPublishers.ofString("{\"to\":")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(SandboxJournal.read(journal())).isEmpty();
  }

  private Path journal() {
    return data.resolve("journal.jsonl");
  }

  private static SandboxChannel channel(URI url, SandboxFaults faults) {
    return new SandboxChannel(Channel.WHATSAPP, new SandboxClient(url, TIMEOUT), Set.of(), faults, CLOCK);
  }

  private static OutboundMessage message(String requestId, String to) {
    return new OutboundMessage(requestId, "HLS", "reminder", Channel.WHATSAPP, to, "Su hora es mañana", List.of(),
        List.of(), Map.of(), null, null, null, null, null);
  }
}
