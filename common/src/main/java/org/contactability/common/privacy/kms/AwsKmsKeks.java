package org.contactability.common.privacy.kms;

import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.amazonaws.auth.AWSCredentialsProvider;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.kms.AWSKMS;
import com.amazonaws.services.kms.AWSKMSClientBuilder;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.integration.awskms.AwsKmsAead;
import org.contactability.common.privacy.KeyEncryptionKeys;

/**
 * AWS KMS as the KMS, through Tink's {@code tink-awskms}: a symmetric KMS key wraps and unwraps data keys (KMS Encrypt and
 * Decrypt, with the associated data as encryption context). A KEK id is Tink's key URI,
 * {@code aws-kms://arn:aws:kms:<region>:<account>:key/<id>}. KMS's own yearly rotation keeps old backing keys and needs
 * nothing from us; moving to another KMS key means configuring it as the key and the former one among the previous
 * keys until {@code DataKeyRing#rewrap()} has moved every data key. Credentials: the AWS SDK's default chain (instance
 * or pod role, environment, profile).
 */
public final class AwsKmsKeks implements KeyEncryptionKeys {

  static final String PREFIX = "aws-kms://";

  private final String primary;
  private final List<String> previous;
  private final AWSCredentialsProvider credentials;
  private final String endpoint;
  private final Map<String, Aead> aeads = new ConcurrentHashMap<>();

  /**
   * @param keyUri      the KMS key that wraps new data keys
   * @param previousKeyUris keys that wrapped older data keys and still unwrap them
   * @param endpoint    the KMS endpoint to call instead of the region's (a VPC endpoint), or null
   */
  public AwsKmsKeks(String keyUri, List<String> previousKeyUris, AWSCredentialsProvider credentials, String endpoint) {
    if (keyUri == null || !keyUri.startsWith(PREFIX + "arn:aws")) {
      throw new IllegalArgumentException("An AWS KMS key URI looks like aws-kms://arn:aws:kms:<region>:<account>:key/<id>,"
          + " not " + keyUri);
    }
    this.primary = keyUri;
    this.previous = List.copyOf(previousKeyUris);
    this.credentials = credentials;
    this.endpoint = endpoint;
  }

  @Override
  public String primaryId() {
    return primary;
  }

  @Override
  public Aead aead(String kekId) throws GeneralSecurityException {
    if (!primary.equals(kekId) && !previous.contains(kekId)) {
      throw new GeneralSecurityException("KEK " + kekId + " is neither the configured AWS KMS key nor a previous one");
    }
    return aeads.computeIfAbsent(kekId, uri -> {
      String arn = uri.substring(PREFIX.length());
      return new AwsKmsAead(client(arn.split(":")[3]), arn);
    });
  }

  private AWSKMS client(String region) {
    AWSKMSClientBuilder builder = AWSKMSClientBuilder.standard().withCredentials(credentials);
    return (endpoint == null || endpoint.isBlank() ? builder.withRegion(region)
        : builder.withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(endpoint, region))).build();
  }
}
