package org.contactability.common.privacy.kms;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import com.google.crypto.tink.Aead;
import com.google.gson.JsonObject;
import org.contactability.common.privacy.KeyEncryptionKeys;

/**
 * Azure Key Vault (or Managed HSM) as the KMS: an RSA key that never leaves the vault wraps and unwraps data keys with
 * RSA-OAEP-256 ({@code POST <key id>/wrapkey}, {@code /unwrapkey}, REST API 7.4). The service signs in to Microsoft
 * Entra ID with the client-credentials grant of an app registration that the vault's access policy or RBAC allows
 * "wrap key" and "unwrap key". A KEK id is the key's versioned id; configured without a version, the current version is
 * read at start ({@code GET <key id>}). Rotating in Key Vault makes a new version: restart the services so they wrap
 * with it, and {@code DataKeyRing#rewrap()} moves the older data keys to it.
 */
public final class AzureKeyVaultKeks implements KeyEncryptionKeys {

  private static final String API = "api-version=7.4";
  private static final String SCOPE = "https://vault.azure.net/.default";

  private final KmsHttp http;
  private final Clock clock;
  private final URI tokenEndpoint;
  private final String clientId;
  private final String clientSecret;
  private final String primary;
  private volatile String token;
  private volatile Instant tokenExpires = Instant.MIN;

  /**
   * @param keyId     e.g. {@code https://hospital.vault.azure.net/keys/contactability-kek} (with or without version)
   * @param authority Entra ID's sign-in host, normally {@code https://login.microsoftonline.com}
   */
  public AzureKeyVaultKeks(URI keyId, URI authority, String tenantId, String clientId, String clientSecret,
      HttpClient http, Clock clock) {
    this.http = new KmsHttp(http);
    this.clock = clock;
    this.tokenEndpoint = authority.resolve("/" + tenantId + "/oauth2/v2.0/token");
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    try {
      this.primary = versioned(keyId);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Azure Key Vault key " + keyId + " cannot be read: " + e.getMessage(), e);
    }
  }

  @Override
  public String primaryId() {
    return primary;
  }

  @Override
  public Aead aead(String kekId) throws GeneralSecurityException {
    if (kekId == null || !kekId.startsWith("https://") || !kekId.contains("/keys/")) {
      throw new GeneralSecurityException("KEK " + kekId + " is not an Azure Key Vault key id");
    }
    return new Aead() {
      @Override
      public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
        return Base64.getUrlDecoder().decode(call(kekId + "/wrapkey", BoundPlaintext.bind(associatedData, plaintext)));
      }

      @Override
      public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
        return BoundPlaintext.unbind(associatedData, Base64.getUrlDecoder().decode(call(kekId + "/unwrapkey", ciphertext)));
      }
    };
  }

  private String call(String operation, byte[] value) throws GeneralSecurityException {
    JsonObject body = new JsonObject();
    body.addProperty("alg", "RSA-OAEP-256");
    body.addProperty("value", Base64.getUrlEncoder().withoutPadding().encodeToString(value));
    return http.post(URI.create(operation + "?" + API), Map.of("Authorization", "Bearer " + token()),
        "application/json", body.toString()).get("value").getAsString();
  }

  private String versioned(URI keyId) throws GeneralSecurityException {
    String path = keyId.getPath();
    if (path.matches("/keys/[^/]+/[^/]+/?")) {
      return keyId.toString().replaceAll("/$", "");
    }
    return http.get(URI.create(keyId.toString().replaceAll("/$", "") + "?" + API),
        Map.of("Authorization", "Bearer " + token())).getAsJsonObject("key").get("kid").getAsString();
  }

  private synchronized String token() throws GeneralSecurityException {
    if (clock.instant().isBefore(tokenExpires)) {
      return token;
    }
    String form = "grant_type=client_credentials&client_id=" + encode(clientId) + "&client_secret="
        + encode(clientSecret) + "&scope=" + encode(SCOPE);
    JsonObject answer = http.post(tokenEndpoint, Map.of(), "application/x-www-form-urlencoded", form);
    token = answer.get("access_token").getAsString();
    tokenExpires = clock.instant().plusSeconds(Math.max(0, answer.get("expires_in").getAsLong() - 60));
    return token;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
