package org.contactability.common.privacy.kms;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.crypto.tink.Aead;
import com.google.gson.JsonObject;
import org.contactability.common.privacy.KeyEncryptionKeys;

/**
 * HashiCorp Vault's Transit secrets engine as the KMS: the KEK never leaves Vault, which encrypts and decrypts data keys
 * ({@code POST /v1/<mount>/encrypt/<key>}, {@code /decrypt/<key>}). A KEK id names the key version
 * ({@code vault-transit:<mount>/<key>:v<n>}); after {@code vault write -f <mount>/keys/<key>/rotate} new data keys are
 * wrapped with the new version (read with {@code GET /v1/<mount>/keys/<key>} at most once per {@link #VERSION_CHECK}),
 * and {@code DataKeyRing#rewrap()} moves the older ones to it, after which Vault's {@code min_decryption_version} can
 * retire the old version.
 */
public final class VaultTransitKeks implements KeyEncryptionKeys {

  static final Duration VERSION_CHECK = Duration.ofMinutes(5);
  private static final String PREFIX = "vault-transit:";

  private final URI address;
  private final String mount;
  private final String key;
  private final Map<String, String> headers;
  private final KmsHttp http;
  private final Clock clock;
  private volatile int latestVersion;
  private volatile Instant versionReadAt = Instant.MIN;

  /**
   * @param address   Vault's address, e.g. {@code https://vault.hospital.cl:8200}
   * @param token     a token whose policy allows encrypt and decrypt on the key, and read on its metadata
   * @param mount     mount path of the Transit engine, usually {@code transit}
   * @param key       name of the Transit key (type aes256-gcm96)
   * @param namespace Vault Enterprise namespace, or null
   */
  public VaultTransitKeks(URI address, String token, String mount, String key, String namespace, HttpClient http,
      Clock clock) {
    this.address = address;
    this.mount = mount;
    this.key = key;
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Vault-Token", token);
    if (namespace != null && !namespace.isBlank()) {
      headers.put("X-Vault-Namespace", namespace);
    }
    this.headers = Map.copyOf(headers);
    this.http = new KmsHttp(http);
    this.clock = clock;
  }

  @Override
  public String primaryId() {
    if (Duration.between(versionReadAt, clock.instant()).compareTo(VERSION_CHECK) >= 0) {
      try {
        latestVersion = http.get(uri("keys/" + key), headers).getAsJsonObject("data").get("latest_version").getAsInt();
        versionReadAt = clock.instant();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("Vault Transit key " + mount + "/" + key + " cannot be read: " + e.getMessage(), e);
      }
    }
    return PREFIX + mount + "/" + key + ":v" + latestVersion;
  }

  @Override
  public Aead aead(String kekId) throws GeneralSecurityException {
    String expected = PREFIX + mount + "/" + key + ":v";
    if (kekId == null || !kekId.startsWith(expected)) {
      throw new GeneralSecurityException("KEK " + kekId + " is not Vault Transit key " + mount + "/" + key);
    }
    int version = Integer.parseInt(kekId.substring(expected.length()));
    return new Aead() {
      @Override
      public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
        JsonObject body = new JsonObject();
        body.addProperty("plaintext", Base64.getEncoder().encodeToString(BoundPlaintext.bind(associatedData, plaintext)));
        body.addProperty("key_version", version);
        return http.post(uri("encrypt/" + key), headers, "application/json", body.toString())
            .getAsJsonObject("data").get("ciphertext").getAsString().getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
        JsonObject body = new JsonObject();
        body.addProperty("ciphertext", new String(ciphertext, StandardCharsets.UTF_8));
        String plaintext = http.post(uri("decrypt/" + key), headers, "application/json", body.toString())
            .getAsJsonObject("data").get("plaintext").getAsString();
        return BoundPlaintext.unbind(associatedData, Base64.getDecoder().decode(plaintext));
      }
    };
  }

  private URI uri(String path) {
    return address.resolve("/v1/" + mount + "/" + path);
  }
}
