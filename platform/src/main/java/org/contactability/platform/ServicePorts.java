package org.contactability.platform;

/** The web ports of the services: consecutive from the first, or free ones when the first is 0. */
public record ServicePorts(int hisConnector, int scheduler, int notifier, int response, int waitlist) {

  static ServicePorts of(PlatformOptions options) {
    int first = options.servicePorts();
    if (first == 0) {
      return new ServicePorts(FreePorts.pick(), FreePorts.pick(), FreePorts.pick(), FreePorts.pick(),
          FreePorts.pick());
    }
    return new ServicePorts(first, first + 1, first + 2, first + 3, first + 4);
  }
}
