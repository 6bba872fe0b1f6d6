package org.contactability.common.privacy.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.contactability.common.privacy.Subjects;
import org.contactability.common.privacy.UnreadablePatientData;
import org.contactability.common.privacy.testing.InMemoryKeyLog;
import org.contactability.common.privacy.testing.TestCiphers;
import org.contactability.common.time.AdjustableClock;
import org.contactability.common.time.WallClock;
import org.contactability.contracts.privacy.DataKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link VaultTransitKeks} against {@link VaultTransitStandIn}, an HTTP stand-in for Vault's Transit API: data keys
 * wrapped and unwrapped by Vault, a key version rotated, the data keys re-wrapped, the old version retired.
 */
class VaultTransitKeksTest {

  private static final String TOKEN = "hvs.contactability-test";
  private static final String NAMESPACE = "hospital";
  private static final String V1 = "vault-transit:transit/contactability:v1";
  private static final String V2 = "vault-transit:transit/contactability:v2";

  private final VaultTransitStandIn vault = VaultTransitStandIn.start("transit", "contactability", TOKEN, NAMESPACE);
  private final AdjustableClock clock = AdjustableClock.on(WallClock.utc());
  private final InMemoryKeyLog log = new InMemoryKeyLog();

  @AfterEach
  void stop() {
    vault.close();
  }

  private VaultTransitKeks keks(String token) {
    return new VaultTransitKeks(vault.address(), token, "transit", "contactability", NAMESPACE,
        HttpClient.newHttpClient(), clock);
  }

  /** The latest copy of each data key on the log. */
  private Map<String, DataKey> latestKeys() {
    Map<String, DataKey> latest = new HashMap<>();
    log.records().forEach(key -> latest.put(key.getKeyId().toString(), key));
    return latest;
  }

  private static String wrapped(DataKey key) {
    byte[] bytes = new byte[key.getWrappedKeyset().remaining()];
    key.getWrappedKeyset().duplicate().get(bytes);
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  @Test
  void vault_wraps_the_data_keys_another_service_opens_them_and_after_a_rotation_and_a_rewrap_v1_can_be_retired()
      throws Exception {
    VaultTransitKeks keks = keks(TOKEN);
    TestCiphers.Attached service = TestCiphers.attach(log, keks);
    List<String> sealed = new ArrayList<>();
    for (int patient = 0; patient < 5; patient++) {
      sealed.add(service.cipher().seal(Subjects.patient(Integer.toString(patient)), "Paciente " + patient));
    }

    assertThat(keks.primaryId()).isEqualTo(V1);
    assertThat(latestKeys().values()).hasSize(5).allSatisfy(key -> {
      assertThat(key.getKek().toString()).isEqualTo(V1);
      assertThat(wrapped(key)).contains("vault:v1:");
    });
    assertThat(vault.received()).extracting(VaultTransitStandIn.Received::path)
        .contains("/v1/transit/keys/contactability", "/v1/transit/encrypt/contactability");
    assertThat(vault.received()).allSatisfy(request -> {
      assertThat(request.token()).isEqualTo(TOKEN);
      assertThat(request.namespace()).isEqualTo(NAMESPACE);
    });
    TestCiphers.Attached other = TestCiphers.attach(log, keks(TOKEN));
    for (int patient = 0; patient < 5; patient++) {
      assertThat(other.cipher().reveal(sealed.get(patient))).isEqualTo("Paciente " + patient);
    }
    assertThat(vault.received()).extracting(VaultTransitStandIn.Received::path)
        .contains("/v1/transit/decrypt/contactability");

    vault.rotate();
    assertThat(keks.primaryId()).as("read again only after %s", VaultTransitKeks.VERSION_CHECK).isEqualTo(V1);
    clock.advance(VaultTransitKeks.VERSION_CHECK);
    assertThat(keks.primaryId()).isEqualTo(V2);
    String later = service.cipher().seal(Subjects.patient("5"), "Paciente 5");
    assertThat(service.ring().wrappedWithOlderKeks()).isEqualTo(5);

    assertThat(service.ring().rewrap()).isEqualTo(5);

    assertThat(service.ring().wrappedWithOlderKeks()).isZero();
    assertThat(latestKeys().values()).hasSize(6).allSatisfy(key -> {
      assertThat(key.getKek().toString()).isEqualTo(V2);
      assertThat(wrapped(key)).contains("vault:v2:").doesNotContain("vault:v1:");
    });
    vault.retireBelow(2);
    TestCiphers.Attached afterRetirement = TestCiphers.attach(log, keks(TOKEN));
    for (int patient = 0; patient < 5; patient++) {
      assertThat(afterRetirement.cipher().reveal(sealed.get(patient))).isEqualTo("Paciente " + patient);
    }
    assertThat(afterRetirement.cipher().reveal(later)).isEqualTo("Paciente 5");
  }

  @Test
  void retiring_v1_before_the_rewrap_leaves_what_it_wrapped_unreadable_with_vaults_reason() {
    String sealed = TestCiphers.attach(log, keks(TOKEN)).cipher().seal(Subjects.patient("1"), "Juan");

    vault.rotate();
    vault.retireBelow(2);

    TestCiphers.Attached hasty = TestCiphers.attach(log, keks(TOKEN));
    assertThatThrownBy(() -> hasty.cipher().reveal(sealed)).isInstanceOf(UnreadablePatientData.class)
        .hasMessageContaining("disallowed by policy (too old)");
  }

  @Test
  void a_token_vault_refuses_seals_nothing_and_says_why() {
    TestCiphers.Attached refused = TestCiphers.attach(log, keks("hvs.revoked"));

    assertThatThrownBy(() -> refused.cipher().seal(Subjects.patient("1"), "Juan"))
        .hasMessageContaining("403").hasMessageContaining("permission denied");
    assertThat(log.records()).isEmpty();
  }
}
