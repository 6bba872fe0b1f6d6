package org.contactability.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** The web ports of the services: consecutive from the first, or free ones when the first is 0. */
public record ServicePorts(int hisConnector, int scheduler, int notifier, int response, int waitlist) {

  static ServicePorts of(PlatformOptions options) {
    int first = options.servicePorts();
    if (first == 0) {
      return new ServicePorts(free(), free(), free(), free(), free());
    }
    return new ServicePorts(first, first + 1, first + 2, first + 3, first + 4);
  }

  private static int free() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not find a free port", e);
    }
  }
}
