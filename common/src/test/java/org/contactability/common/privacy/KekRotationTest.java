package org.contactability.common.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;

import org.contactability.common.privacy.kms.LocalKeysetKeks;
import org.contactability.common.privacy.testing.InMemoryKeyLog;
import org.contactability.common.privacy.testing.TestCiphers;
import org.contactability.contracts.privacy.DataKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotating the local KEK: new primary, data keys wrapped again, the old KEK removed, every value still readable. */
class KekRotationTest {

  @TempDir
  Path keys;

  @Test
  void after_a_rotation_rewrapping_moves_every_data_key_so_the_old_kek_can_go() throws Exception {
    Path file = keys.resolve("kek.json");
    LocalKeysetKeks before = LocalKeysetKeks.open(file, true);
    String oldKek = before.primaryId();
    InMemoryKeyLog log = new InMemoryKeyLog();
    TestCiphers.Attached service = TestCiphers.attach(log, before);
    List<String> sealed = new ArrayList<>();
    for (int patient = 0; patient < 20; patient++) {
      sealed.add(service.cipher().seal(Subjects.patient(Integer.toString(patient)), "Paciente " + patient));
    }
    service.ring().erase(Subjects.patient("0"));

    String newKek = LocalKeysetKeks.rotate(file);
    TestCiphers.Attached restarted = TestCiphers.attach(log, LocalKeysetKeks.open(file, false));
    assertThat(restarted.ring().wrappedWithOlderKeks()).isEqualTo(19);

    assertThat(restarted.ring().rewrap()).isEqualTo(19);

    assertThat(newKek).isNotEqualTo(oldKek);
    assertThat(restarted.ring().wrappedWithOlderKeks()).isZero();
    Map<String, DataKey> latest = new HashMap<>();
    log.records().forEach(key -> latest.put(key.getKeyId().toString(), key));
    assertThat(latest.values()).filteredOn(key -> key.getWrappedKeyset() != null).hasSize(19)
        .allSatisfy(key -> assertThat(key.getKek().toString()).isEqualTo(newKek));
    LocalKeysetKeks.remove(file, oldKek);
    TestCiphers.Attached afterRemoval = TestCiphers.attach(log, LocalKeysetKeks.open(file, false));
    for (int patient = 1; patient < 20; patient++) {
      assertThat(afterRemoval.cipher().reveal(sealed.get(patient))).isEqualTo("Paciente " + patient);
    }
    assertThatThrownBy(() -> afterRemoval.cipher().reveal(sealed.get(0))).isInstanceOf(UnreadablePatientData.class);
  }

  @Test
  void removing_the_old_kek_before_rewrapping_loses_the_data_it_alone_wrapped() throws Exception {
    Path file = keys.resolve("kek.json");
    LocalKeysetKeks before = LocalKeysetKeks.open(file, true);
    InMemoryKeyLog log = new InMemoryKeyLog();
    String sealed = TestCiphers.attach(log, before).cipher().seal(Subjects.patient("1"), "Juan");

    LocalKeysetKeks.rotate(file);
    LocalKeysetKeks.remove(file, before.primaryId());

    TestCiphers.Attached hasty = TestCiphers.attach(log, LocalKeysetKeks.open(file, false));
    assertThatThrownBy(() -> hasty.cipher().reveal(sealed)).isInstanceOfSatisfying(UnreadablePatientData.class,
        e -> assertThat(e.getMessage()).contains(before.primaryId()));
  }

  @Test
  void the_primary_kek_cannot_be_removed_and_a_missing_keyset_is_not_made_unless_asked() throws Exception {
    Path file = keys.resolve("kek.json");
    LocalKeysetKeks keks = LocalKeysetKeks.open(file, true);

    assertThatThrownBy(() -> LocalKeysetKeks.remove(file, keks.primaryId())).hasMessageContaining("primary");
    assertThatThrownBy(() -> LocalKeysetKeks.open(keys.resolve("other.json"), false))
        .hasMessageContaining("No key-encryption keyset");
    assertThat(LocalKeysetKeks.open(file, true).primaryId()).isEqualTo(keks.primaryId());
  }
}
