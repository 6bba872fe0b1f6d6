package org.contactability.waitlist.domain.candidate;

import java.util.List;
import java.util.Objects;

/**
 * A hospital's rules for choosing who is offered a freed slot.
 *
 * @param order               ranking keys, most important first; ties end with the entry id, so the order is total
 * @param sameProfessional    an entry whose referral names a professional only gets that professional's slots
 * @param sameSite            an entry whose referral names a site only gets slots at that site
 * @param sameAppointmentType an entry only gets slots of the kind it waits for (new consultation, control, ...)
 * @param channels            channels to reach a patient on, preferred first; unreachable patients are skipped
 */
public record RankingPolicy(
    List<RankingCriterion> order,
    boolean sameProfessional,
    boolean sameSite,
    boolean sameAppointmentType,
    List<ContactChannel> channels) {

  public RankingPolicy {
    order = List.copyOf(Objects.requireNonNull(order, "order"));
    channels = List.copyOf(Objects.requireNonNull(channels, "channels"));
    if (order.size() != order.stream().distinct().count()) {
      throw new IllegalArgumentException("a ranking criterion is listed twice: " + order);
    }
    if (channels.isEmpty()) {
      throw new IllegalArgumentException("at least one contact channel is needed");
    }
  }

  /** GES first, then clinical priority, then time waited; referrals' professional and site respected. */
  public static RankingPolicy standard() {
    return new RankingPolicy(
        List.of(RankingCriterion.GES_DEADLINE, RankingCriterion.CLINICAL_PRIORITY, RankingCriterion.TIME_WAITED),
        true, true, false, List.of(ContactChannel.WHATSAPP, ContactChannel.SMS, ContactChannel.EMAIL));
  }
}
