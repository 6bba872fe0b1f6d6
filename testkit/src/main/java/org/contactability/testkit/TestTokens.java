package org.contactability.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Bearer tokens for a service's own tests, where no identity provider runs: signed with a key made once
 * per test JVM, whose public half the service under test is given as
 * {@code spring.security.oauth2.resourceserver.jwt.public-key-location} ({@link #PROPERTY}, {@link #publicKeyLocation()}).
 * The roles go in the {@code roles} claim, as the embedded identity provider puts them.
 */
public final class TestTokens {

  public static final String PROPERTY = "spring.security.oauth2.resourceserver.jwt.public-key-location";

  /** Valid for any test run: the services check expiry, not age. */
  private static final Instant ISSUED = Instant.parse("2020-01-01T00:00:00Z");
  private static final Instant EXPIRES = Instant.parse("2100-01-01T00:00:00Z");

  private static final RSAKey KEY = newKey();
  private static final Path PUBLIC_KEY = writePublicKey();
  private static final NimbusJwtEncoder ENCODER = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(KEY)));

  /** {@code file:} URL of the PEM public key the services under test check tokens with. */
  public static String publicKeyLocation() {
    return PUBLIC_KEY.toUri().toString();
  }

  /** A token with {@code roles} as the identity provider names them ({@code viewer}, {@code operator}, ...). */
  public static String token(String... roles) {
    return tokenOf("test", roles);
  }

  /** A token of subject {@code subject} (who the audit trail names) with {@code roles}. */
  public static String tokenOf(String subject, String... roles) {
    JwtClaimsSet claims = JwtClaimsSet.builder().subject(subject).issuedAt(ISSUED).expiresAt(EXPIRES)
        .claim("roles", List.of(roles)).build();
    return ENCODER.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims))
        .getTokenValue();
  }

  /** {@code Authorization} header value with {@link #token(String...)}. */
  public static String bearer(String... roles) {
    return "Bearer " + token(roles);
  }

  private static RSAKey newKey() {
    try {
      return new RSAKeyGenerator(2048).keyID("test").generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("Could not make the tests' signing key", e);
    }
  }

  private static Path writePublicKey() {
    try {
      String pem = "-----BEGIN PUBLIC KEY-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(KEY.toRSAPublicKey().getEncoded())
          + "\n-----END PUBLIC KEY-----\n";
      Path file = Files.createTempFile("test-tokens-", ".pem");
      file.toFile().deleteOnExit();
      return Files.writeString(file, pem);
    } catch (IOException | JOSEException e) {
      throw new UncheckedIOException(e instanceof IOException io ? io : new IOException(e));
    }
  }

  private TestTokens() {
  }
}
