package org.contactability.scheduler.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.ContactPurpose;

/**
 * One message of a policy: when ({@code trigger}), on which channels (sent together), which
 * channels to fall back to, in order, when a send fails for good, and whether the patient can
 * answer it (confirm / cancel).
 */
public record PolicyStep(
    String id,
    StepTrigger trigger,
    List<Channel> channels,
    List<Channel> fallback,
    String template,
    ContactPurpose purpose,
    boolean offersAnswer,
    SendCondition condition,
    AfterConfirmation afterConfirmation) {

  public PolicyStep {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(trigger, "trigger");
    channels = List.copyOf(channels);
    fallback = fallback == null ? List.of() : List.copyOf(fallback);
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(purpose, "purpose");
    condition = condition == null ? SendCondition.ALWAYS : condition;
    afterConfirmation = afterConfirmation == null ? AfterConfirmation.DROP : afterConfirmation;
    if (id.isBlank() || id.contains(":")) {
      throw new IllegalArgumentException("a step id must be non-blank and free of ':' (it is part of request ids): '"
          + id + "'");
    }
    if (channels.isEmpty()) {
      throw new IllegalArgumentException("step '" + id + "' needs at least one channel");
    }
    requireDistinct(channels, fallback, id);
  }

  static void requireDistinct(List<Channel> channels, List<Channel> fallback, String owner) {
    List<Channel> all = new ArrayList<>(channels);
    all.addAll(fallback);
    Set<Channel> seen = new HashSet<>();
    for (Channel channel : all) {
      if (channel == Channel.WEB) {
        throw new IllegalArgumentException("'" + owner + "': WEB is where patients answer, nothing is sent on it");
      }
      if (!seen.add(channel)) {
        throw new IllegalArgumentException("'" + owner + "' names channel " + channel
            + " twice (channels and fallback must all differ)");
      }
    }
  }
}
