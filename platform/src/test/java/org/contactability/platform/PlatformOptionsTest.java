package org.contactability.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The launcher's {@code --name=value} options: what is taken, and what is refused with a message a person can act on. */
class PlatformOptionsTest {

  @Test
  void no_arguments_are_the_defaults() {
    assertThat(PlatformOptions.parse()).isEqualTo(PlatformOptions.defaults());
  }

  @Test
  void given_options_replace_the_defaults() {
    PlatformOptions options = PlatformOptions.parse("--data-dir=/tmp/here", "--fresh", "--console-port=0",
        "--kafka-port=19092", "--demo-history-weeks=13", "--demo-history-daily=1", "--partitions=3");

    assertThat(options.dataDirectory()).isEqualTo(Path.of("/tmp/here"));
    assertThat(options.fresh()).isTrue();
    assertThat(options.consolePort()).isZero();
    assertThat(options.kafkaPort()).isEqualTo(19092);
    assertThat(options.demoHistoryWeeks()).isEqualTo(13);
    assertThat(options.demoHistoryDaily()).isEqualTo(1);
    assertThat(options.partitions()).isEqualTo(3);
    assertThat(options.registryPort()).isEqualTo(PlatformOptions.defaults().registryPort());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--console-port=65536       | --console-port must be a TCP port (0 picks a free one), not 65536",
      "--mail-port=-1             | --mail-port must be a TCP port (0 picks a free one), not -1",
      "--kafka-port=nine          | --kafka-port must be a TCP port (0 picks a free one), not nine",
      "--demo-history-weeks=14    | --demo-history-weeks must be a whole number from 0 to 13, not 14",
      "--demo-history-daily=0     | --demo-history-daily must be a whole number from 1 to 200, not 0",
      "--partitions=0             | --partitions must be a whole number of at least 1, not 0",
      "--partitions=many          | --partitions must be a whole number of at least 1, not many",
      "--colour=blue              | Unknown options [colour]",
      "fresh                      | Arguments look like --name=value, not fresh"})
  void a_wrong_option_is_refused_with_what_it_must_be(String argument, String message) {
    assertThatThrownBy(() -> PlatformOptions.parse(argument))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }
}
