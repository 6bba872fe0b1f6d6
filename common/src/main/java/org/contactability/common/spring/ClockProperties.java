package org.contactability.common.spring;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The services' clock ({@code contactability.clock.*}).
 *
 * @param offsetFile a file holding how far ahead of real time the clock runs ({@code PT72H}), shared by every process
 *                   of the local cluster so that its tests and demos move them together; absent (production): real time
 */
@ConfigurationProperties("contactability.clock")
public record ClockProperties(Path offsetFile) {
}
