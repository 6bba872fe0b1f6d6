package org.contactability.common.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.crypto.tink.Aead;
import org.contactability.common.privacy.testing.InMemoryKeyLog;
import org.contactability.common.privacy.testing.TestCiphers;
import org.contactability.contracts.privacy.DataKey;
import org.contactability.contracts.privacy.DataKeyKind;
import org.junit.jupiter.api.Test;

class EnvelopeCipherTest {

  private final InMemoryKeyLog log = new InMemoryKeyLog();
  private final TestCiphers.Attached service = TestCiphers.inMemory(log);
  private final TestCiphers.Attached another = TestCiphers.attach(log, service.keks());

  @Test
  void a_sealed_value_names_its_key_and_hides_the_text() {
    String sealed = service.cipher().seal(Subjects.patient("7"), "+56961234567");

    assertThat(sealed).startsWith("enc1:").doesNotContain("961234567");
    assertThat(SealedValue.keyIdOf(sealed)).hasSize(22);
    assertThat(another.cipher().reveal(sealed)).isEqualTo("+56961234567");
  }

  @Test
  void each_patient_has_one_key_and_each_value_its_own_ciphertext() {
    String first = service.cipher().seal(Subjects.patient("1"), "Juan");
    String again = service.cipher().seal(Subjects.patient("1"), "Juan");
    String other = service.cipher().seal(Subjects.patient("2"), "Juan");

    assertThat(SealedValue.keyIdOf(again)).isEqualTo(SealedValue.keyIdOf(first));
    assertThat(again).isNotEqualTo(first);
    assertThat(SealedValue.keyIdOf(other)).isNotEqualTo(SealedValue.keyIdOf(first));
    assertThat(log.records()).hasSize(2);
  }

  @Test
  void a_value_sealed_like_another_uses_the_same_patients_key() {
    String phone = service.cipher().seal(Subjects.patient("3"), "+56977123456");

    String status = another.cipher().sealLike(phone, "+56977123456");

    assertThat(SealedValue.keyIdOf(status)).isEqualTo(SealedValue.keyIdOf(phone));
    assertThat(service.cipher().reveal(status)).isEqualTo("+56977123456");
  }

  @Test
  void nulls_stay_null_and_values_written_before_encryption_read_as_they_are() {
    assertThat(service.cipher().seal(Subjects.patient("4"), null)).isNull();
    assertThat(service.cipher().reveal(null)).isNull();
    assertThat(service.cipher().reveal("+56961234567")).isEqualTo("+56961234567");
  }

  @Test
  void an_erased_patient_cannot_be_read_anywhere_and_gets_no_new_key() {
    String name = service.cipher().seal(Subjects.patient("5"), "María Angélica");
    service.cipher().reveal(name);
    another.cipher().reveal(name);

    assertThat(another.ring().erase(Subjects.patient("5"))).isEqualTo(1);

    assertThatThrownBy(() -> service.cipher().reveal(name)).isInstanceOfSatisfying(UnreadablePatientData.class,
        e -> assertThat(e.erased()).isTrue());
    assertThatThrownBy(() -> another.cipher().reveal(name)).isInstanceOf(UnreadablePatientData.class);
    assertThat(service.cipher().erased(Subjects.patient("5"))).isTrue();
    assertThatThrownBy(() -> service.cipher().seal(Subjects.patient("5"), "again"))
        .isInstanceOfSatisfying(UnreadablePatientData.class, e -> assertThat(e.erased()).isTrue());
    DataKey last = log.records().get(log.records().size() - 1);
    assertThat(last.getKeyId().toString()).isEqualTo(SealedValue.keyIdOf(name));
    assertThat(last.getWrappedKeyset()).isNull();
    assertThat(last.getKek()).isNull();
    assertThat(last.getErasedAt()).isNotNull();
  }

  @Test
  void erasing_a_patient_without_keys_leaves_a_marker_so_that_none_is_made_later() {
    assertThat(service.ring().erase(Subjects.patient("6"))).isZero();

    assertThatThrownBy(() -> another.cipher().seal(Subjects.patient("6"), "Luis"))
        .isInstanceOf(UnreadablePatientData.class);
    assertThat(service.cipher().seal(Subjects.patient("60"), "Luis")).startsWith("enc1:");
  }

  @Test
  void two_services_making_a_key_for_one_patient_at_once_both_keep_what_they_sealed() {
    InMemoryKeyLog shared = new InMemoryKeyLog();
    TestCiphers.Attached first = TestCiphers.inMemory(shared);
    String fromFirst = first.cipher().seal(Subjects.sender("abc"), "+56911111111");
    // a second service that made its own key before it read the first one's
    InMemoryKeyLog racingLog = new InMemoryKeyLog();
    TestCiphers.Attached racing = TestCiphers.attach(racingLog, first.keks());
    String fromRacing = racing.cipher().seal(Subjects.sender("abc"), "hola");
    shared.append(racingLog.records().get(0));

    assertThat(SealedValue.keyIdOf(fromRacing)).isNotEqualTo(SealedValue.keyIdOf(fromFirst));
    assertThat(first.cipher().reveal(fromRacing)).isEqualTo("hola");
    assertThat(first.cipher().reveal(fromFirst)).isEqualTo("+56911111111");
  }

  @Test
  void a_unknown_key_is_reported_after_the_wait_without_the_value() {
    String sealed = SealedValue.of("AAAAAAAAAAAAAAAAAAAAAA", new byte[40]);

    assertThatThrownBy(() -> service.cipher().reveal(sealed)).isInstanceOfSatisfying(UnreadablePatientData.class,
        e -> assertThat(e.reason()).isEqualTo(UnreadablePatientData.Reason.KEY_UNKNOWN));
  }

  @Test
  void a_tampered_value_fails_authentication() {
    String sealed = service.cipher().seal(Subjects.patient("8"), "12345678-5");
    String tampered = sealed.substring(0, sealed.length() - 2) + (sealed.endsWith("A") ? "BB" : "AA");

    assertThatThrownBy(() -> service.cipher().reveal(tampered)).isInstanceOfSatisfying(UnreadablePatientData.class,
        e -> assertThat(e.reason()).isEqualTo(UnreadablePatientData.Reason.DAMAGED));
  }

  @Test
  void blind_indexes_agree_between_services_and_differ_between_numbers() {
    String index = service.cipher().blindIndex("+56961234567");

    assertThat(another.cipher().blindIndex("+56961234567")).isEqualTo(index);
    assertThat(service.cipher().blindIndex("+56961234568")).isNotEqualTo(index);
    assertThat(index).hasSize(22).doesNotContain("961234567");
  }

  @Test
  void when_two_blind_index_keys_were_made_at_once_everyone_uses_the_first_in_the_log() {
    InMemoryKeyLog shared = new InMemoryKeyLog();
    TestCiphers.Attached maker = TestCiphers.inMemory(shared);
    String firstIndex = maker.cipher().blindIndex("+56961234567");
    InMemoryKeyLog lateLog = new InMemoryKeyLog();
    TestCiphers.Attached late = TestCiphers.attach(lateLog, maker.keks());
    String ownIndex = late.cipher().blindIndex("+56961234567");
    shared.append(lateLog.records().get(0));

    TestCiphers.Attached reader = TestCiphers.attach(shared, maker.keks());

    assertThat(ownIndex).isNotEqualTo(firstIndex);
    assertThat(reader.cipher().blindIndex("+56961234567")).isEqualTo(firstIndex);
  }

  @Test
  void a_wrapped_key_moved_to_another_subject_does_not_open() {
    String sealed = service.cipher().seal(Subjects.patient("9"), "Pedro");
    DataKey key = log.records().get(log.records().size() - 1);
    InMemoryKeyLog forged = new InMemoryKeyLog();
    forged.append(new DataKey(key.getKeyId(), Subjects.patient("10"), DataKeyKind.DATA, key.getWrappedKeyset(),
        key.getKek(), Instant.now(), null));
    TestCiphers.Attached victim = TestCiphers.attach(forged, service.keks());

    assertThatThrownBy(() -> victim.cipher().reveal(sealed)).isInstanceOfSatisfying(UnreadablePatientData.class,
        e -> assertThat(e.reason()).isEqualTo(UnreadablePatientData.Reason.DAMAGED));
  }

  @Test
  void a_key_made_here_seals_and_opens_without_a_kek_call_and_another_service_unwraps_it_once() {
    AtomicInteger unwraps = new AtomicInteger();
    KeyEncryptionKeys kek = TestCiphers.freshKek();
    KeyEncryptionKeys counting = new KeyEncryptionKeys() {
      @Override
      public String primaryId() {
        return kek.primaryId();
      }

      @Override
      public Aead aead(String kekId) throws GeneralSecurityException {
        Aead aead = kek.aead(kekId);
        return new Aead() {
          @Override
          public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
            return aead.encrypt(plaintext, associatedData);
          }

          @Override
          public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
            unwraps.incrementAndGet();
            return aead.decrypt(ciphertext, associatedData);
          }
        };
      }
    };
    InMemoryKeyLog shared = new InMemoryKeyLog();
    TestCiphers.Attached maker = TestCiphers.attach(shared, counting);

    String sealed = maker.cipher().seal(Subjects.patient("11"), "+56961234567");
    assertThat(maker.cipher().reveal(sealed)).isEqualTo("+56961234567");
    assertThat(unwraps).hasValue(0);

    TestCiphers.Attached reader = TestCiphers.attach(shared, counting);
    assertThat(reader.cipher().reveal(sealed)).isEqualTo("+56961234567");
    assertThat(reader.cipher().reveal(maker.cipher().sealLike(sealed, "Juan"))).isEqualTo("Juan");
    assertThat(unwraps).hasValue(1);
  }
}
