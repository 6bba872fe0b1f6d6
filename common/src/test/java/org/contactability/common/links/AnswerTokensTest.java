package org.contactability.common.links;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class AnswerTokensTest {

  @Test
  void tokens_are_16_url_safe_characters_and_do_not_repeat() {
    AnswerTokens tokens = new AnswerTokens();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String token = tokens.next();
      assertThat(AnswerTokens.isWellFormed(token)).as(token).isTrue();
      seen.add(token);
    }
    assertThat(seen).hasSize(10_000);
  }

  @Test
  void junk_is_recognised_before_any_lookup() {
    assertThat(AnswerTokens.isWellFormed(null)).isFalse();
    assertThat(AnswerTokens.isWellFormed("short")).isFalse();
    assertThat(AnswerTokens.isWellFormed("../../etc/passwd")).isFalse();
    assertThat(AnswerTokens.isWellFormed("abcdefghijklmnop")).isTrue();
  }
}
