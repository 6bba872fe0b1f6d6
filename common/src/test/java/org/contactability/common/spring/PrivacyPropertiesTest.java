package org.contactability.common.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class PrivacyPropertiesTest {

  private static PrivacyProperties bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties))
        .bindOrCreate("contactability.privacy", PrivacyProperties.class);
  }

  @Test
  void unset_the_local_keyset_lives_under_the_temporary_directory_not_in_a_folder_named_after_a_placeholder() {
    Path file = bind(Map.of()).kek().local().keysetFile();

    assertThat(file).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "contactability", "keys", "kek.json"));
    assertThat(file.toString()).doesNotContain("${");
  }

  @Test
  void a_configured_keyset_file_is_taken_as_given() {
    PrivacyProperties properties = bind(Map.of("contactability.privacy.kek.local.keyset-file", "/srv/keys/kek.json",
        "contactability.privacy.kek.local.create-if-missing", "false"));

    assertThat(properties.kek().local().keysetFile()).isEqualTo(Path.of("/srv/keys/kek.json"));
    assertThat(properties.kek().local().createIfMissing()).isFalse();
  }
}
