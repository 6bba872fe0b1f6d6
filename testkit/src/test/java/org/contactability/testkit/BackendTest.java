package org.contactability.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BackendTest {

  private final String before = System.getProperty(Backend.PROPERTY);

  @AfterEach
  void restoreTheProperty() {
    if (before == null) {
      System.clearProperty(Backend.PROPERTY);
    } else {
      System.setProperty(Backend.PROPERTY, before);
    }
  }

  @Test
  void the_embedded_backend_is_the_default() {
    System.clearProperty(Backend.PROPERTY);

    assertThat(Backend.selected()).isEqualTo(Backend.EMBEDDED);
  }

  @Test
  void the_property_selects_testcontainers_in_any_case() {
    System.setProperty(Backend.PROPERTY, "TestContainers");

    assertThat(Backend.selected()).isEqualTo(Backend.TESTCONTAINERS);
  }

  @Test
  void an_unknown_backend_is_refused_with_the_valid_choices() {
    System.setProperty(Backend.PROPERTY, "docker");

    assertThatThrownBy(Backend::selected)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-Dcontactability.testkit.backend=docker")
        .hasMessageContaining("[embedded, testcontainers]");
  }
}
