package org.contactability.common.links;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Tokens of answer links ({@code /r/<token>}): 96 random bits from a {@link SecureRandom}, written as
 * 16 URL-safe characters, short enough for an SMS and impossible to guess or enumerate. A token is
 * only a lookup key: what it grants and until when is kept where it was issued (the contact request).
 */
public final class AnswerTokens {

  private static final int BYTES = 12;
  private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{16}");

  private final SecureRandom random;

  public AnswerTokens(SecureRandom random) {
    this.random = random;
  }

  public AnswerTokens() {
    this(new SecureRandom());
  }

  public String next() {
    byte[] bytes = new byte[BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Whether {@code candidate} could be a token: lets endpoints refuse junk before any lookup. */
  public static boolean isWellFormed(String candidate) {
    return candidate != null && SHAPE.matcher(candidate).matches();
  }
}
