package org.contactability.platform.console;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The ops console of the embedded platform and its API (clock control). Started by
 * {@code EmbeddedPlatform}, which hands it the clock store and the endpoints as beans.
 */
@SpringBootApplication
public class ConsoleApplication {
}
