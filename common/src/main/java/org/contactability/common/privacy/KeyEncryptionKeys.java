package org.contactability.common.privacy;

import java.security.GeneralSecurityException;

import com.google.crypto.tink.Aead;

/**
 * The key-encryption keys (KEKs) that wrap every data key, held by a KMS: a local keyset file in the embedded default, AWS
 * KMS, HashiCorp Vault Transit or Azure Key Vault (one adapter each, in {@code kms}). A wrapped data key records the id of
 * the KEK that wrapped it, so that a KMS can rotate: new keys are wrapped with the primary, older ones are unwrapped with
 * the KEK they name until {@link DataKeyRing#rewrap()} has wrapped them again.
 */
public interface KeyEncryptionKeys {

  /** Id of the KEK that wraps new data keys, e.g. {@code local:1793514275} or an AWS KMS key URI. */
  String primaryId();

  /** The AEAD of KEK {@code kekId} (the primary, or one kept for unwrapping), which calls the KMS. */
  Aead aead(String kekId) throws GeneralSecurityException;
}
