package org.contactability.common.spring;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service reaches the key hierarchy of patient data ({@code contactability.privacy.*}, docs/privacy.md): which KMS
 * holds the key-encryption key, and how long to wait for a data key not read yet.
 *
 * @param kek          the KMS that holds the key-encryption keys
 * @param keyWait      how long opening a value waits for its data key to arrive from privacy.keys
 * @param openKeysKept how many opened data keys are kept in memory (each first use after that asks the KMS again)
 * @param startTimeout how long the start waits to read privacy.keys to its end
 */
@ConfigurationProperties("contactability.privacy")
public record PrivacyProperties(
    @DefaultValue Kek kek,
    @DefaultValue("10s") Duration keyWait,
    @DefaultValue("10000") int openKeysKept,
    @DefaultValue("2m") Duration startTimeout) {

  /** Where the key-encryption key lives. */
  public enum Provider { LOCAL, AWS_KMS, VAULT_TRANSIT, AZURE_KEY_VAULT }

  /**
   * @param provider which KMS; LOCAL is a keyset file every service of the deployment must share
   */
  public record Kek(
      @DefaultValue("LOCAL") Provider provider,
      @DefaultValue Local local,
      @DefaultValue Aws aws,
      @DefaultValue Vault vault,
      @DefaultValue Azure azure) {
  }

  /**
   * @param keysetFile      the Tink keyset file; unset, {@code <java.io.tmpdir>/contactability/keys/kek.json}, which
   *                        suits one machine only
   * @param createIfMissing make the keyset at the first start (the embedded platform; never where several machines
   *                        would each make their own)
   */
  public record Local(Path keysetFile, @DefaultValue("true") boolean createIfMissing) {

    public Local {
      // A placeholder in @DefaultValue is not resolved: the default is made here.
      if (keysetFile == null) {
        keysetFile = Path.of(System.getProperty("java.io.tmpdir"), "contactability", "keys", "kek.json");
      }
    }
  }

  /**
   * @param keyUri          {@code aws-kms://arn:aws:kms:<region>:<account>:key/<id>}
   * @param previousKeyUris keys that wrapped older data keys (after moving to another key)
   * @param endpoint        a KMS endpoint other than the region's (VPC endpoint), or empty
   */
  public record Aws(String keyUri, @DefaultValue List<String> previousKeyUris, String endpoint) {
  }

  /**
   * @param address   e.g. {@code https://vault.hospital.cl:8200}
   * @param token     token allowed to encrypt, decrypt and read the key (a secret)
   * @param mount     mount path of the Transit engine
   * @param key       Transit key name
   * @param namespace Vault Enterprise namespace, or empty
   */
  public record Vault(URI address, String token, @DefaultValue("transit") String mount,
      @DefaultValue("contactability") String key, String namespace) {
  }

  /**
   * @param keyId        e.g. {@code https://hospital.vault.azure.net/keys/contactability-kek[/version]}
   * @param tenantId     Entra ID tenant
   * @param clientId     app registration allowed wrap key and unwrap key
   * @param clientSecret its secret
   * @param authority    Entra ID's sign-in host
   */
  public record Azure(URI keyId, String tenantId, String clientId, String clientSecret,
      @DefaultValue("https://login.microsoftonline.com") URI authority) {
  }
}
