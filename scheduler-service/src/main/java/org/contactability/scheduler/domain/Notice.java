package org.contactability.scheduler.domain;

import java.util.List;
import java.util.Objects;

import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.ContactPurpose;

/**
 * A message sent at once because of a change in the HIS (reschedule, cancellation by the
 * hospital), on {@code channels} together, each falling back along {@code fallback}.
 */
public record Notice(List<Channel> channels, List<Channel> fallback, String template, ContactPurpose purpose,
    boolean offersAnswer) {

  public Notice {
    channels = List.copyOf(channels);
    fallback = fallback == null ? List.of() : List.copyOf(fallback);
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(purpose, "purpose");
    if (channels.isEmpty()) {
      throw new IllegalArgumentException("a notice needs at least one channel");
    }
    PolicyStep.requireDistinct(channels, fallback, template);
  }
}
