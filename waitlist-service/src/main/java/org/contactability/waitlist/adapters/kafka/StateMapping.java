package org.contactability.waitlist.adapters.kafka;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import org.contactability.waitlist.adapters.kafka.state.CampaignMemberRecord;
import org.contactability.waitlist.adapters.kafka.state.CampaignRecord;
import org.contactability.waitlist.adapters.kafka.state.OfferRecord;
import org.contactability.waitlist.adapters.kafka.state.RecipientRecord;
import org.contactability.waitlist.adapters.kafka.state.SlotRecord;
import org.contactability.waitlist.domain.campaign.Campaign;
import org.contactability.waitlist.domain.campaign.CampaignCounts;
import org.contactability.waitlist.domain.campaign.CampaignMember;
import org.contactability.waitlist.domain.campaign.CampaignSpec;
import org.contactability.waitlist.domain.campaign.CampaignStatus;
import org.contactability.waitlist.domain.campaign.MemberStatus;
import org.contactability.waitlist.domain.campaign.Pacer;
import org.contactability.waitlist.domain.candidate.ContactChannel;
import org.contactability.waitlist.domain.candidate.Recipient;
import org.contactability.waitlist.domain.offer.Offer;
import org.contactability.waitlist.domain.offer.OfferStatus;
import org.contactability.waitlist.domain.offer.OfferStrategy;
import org.contactability.waitlist.domain.offer.Slot;
import org.contactability.waitlist.domain.offer.SlotDetails;
import org.contactability.waitlist.domain.offer.SlotPhase;
import org.contactability.waitlist.domain.offer.SlotState;

/** Domain state to and from the Avro records of the stores. */
final class StateMapping {

  private StateMapping() {
  }

  static SlotRecord toRecord(SlotState state) {
    Slot slot = state.slot();
    SlotDetails d = slot.details() == null ? new SlotDetails(null, null, null, null, null, null, null) : slot.details();
    return SlotRecord.newBuilder()
        .setSlotId(slot.slotId()).setHospitalCode(slot.hospitalCode()).setSiteId(slot.siteId())
        .setProfessionalId(slot.professionalId()).setSpecialty(slot.specialty())
        .setAppointmentType(slot.appointmentType()).setStartsAt(slot.startsAt()).setStartsAtLocal(slot.startsAtLocal())
        .setDurationMinutes(slot.durationMinutes()).setFreedByPatientId(slot.freedByPatientId())
        .setZone(d.zone()).setHospitalName(d.hospitalName()).setHospitalPhone(d.hospitalPhone())
        .setSiteName(d.siteName()).setSiteAddress(d.siteAddress()).setProfessionalTitle(d.professionalTitle())
        .setProfessionalName(d.professionalName())
        .setStrategy(state.strategy().name()).setPhase(state.phase().name())
        .setOffers(state.offers().stream().map(StateMapping::toRecord).toList())
        .setOpenedAt(state.openedAt()).setClosedAt(state.closedAt()).setClosingReason(state.closingReason())
        .setBookingSince(state.bookingSince()).setBookingOverdueAt(state.bookingOverdueAt())
        .build();
  }

  static SlotState fromRecord(SlotRecord r) {
    Slot slot = new Slot(r.getSlotId(), r.getHospitalCode(), r.getSiteId(), r.getProfessionalId(), r.getSpecialty(),
        r.getAppointmentType(), r.getStartsAt(), r.getStartsAtLocal(), r.getDurationMinutes(), r.getFreedByPatientId(),
        new SlotDetails(r.getZone(), r.getHospitalName(), r.getHospitalPhone(), r.getSiteName(), r.getSiteAddress(),
            r.getProfessionalTitle(), r.getProfessionalName()));
    return new SlotState(slot, OfferStrategy.valueOf(r.getStrategy()), SlotPhase.valueOf(r.getPhase()),
        r.getOffers().stream().map(StateMapping::fromRecord).toList(), r.getOpenedAt(), r.getClosedAt(),
        r.getClosingReason(), r.getBookingSince(), r.getBookingOverdueAt());
  }

  private static OfferRecord toRecord(Offer offer) {
    return OfferRecord.newBuilder().setOfferId(offer.offerId()).setEntryId(offer.entryId())
        .setPatientId(offer.patientId()).setRecipient(toRecord(offer.recipient())).setOfferedAt(offer.offeredAt())
        .setExpiresAt(offer.expiresAt()).setStatus(offer.status().name()).setLateAcceptance(offer.lateAcceptance())
        .build();
  }

  private static Offer fromRecord(OfferRecord r) {
    return new Offer(r.getOfferId(), r.getEntryId(), r.getPatientId(), fromRecord(r.getRecipient()), r.getOfferedAt(),
        r.getExpiresAt(), OfferStatus.valueOf(r.getStatus()), r.getLateAcceptance());
  }

  private static RecipientRecord toRecord(Recipient recipient) {
    if (recipient == null) {
      return null;
    }
    return RecipientRecord.newBuilder().setChannel(recipient.channel().name()).setGivenNames(recipient.givenNames())
        .setFullName(recipient.fullName()).setPhone(recipient.phone()).setEmail(recipient.email()).build();
  }

  private static Recipient fromRecord(RecipientRecord r) {
    if (r == null) {
      return null;
    }
    return new Recipient(ContactChannel.valueOf(r.getChannel()), r.getGivenNames(), r.getFullName(), r.getPhone(),
        r.getEmail());
  }

  static CampaignRecord toRecord(Campaign c) {
    Map<String, Integer> counts = new HashMap<>();
    c.counts().byStatus().forEach((status, count) -> counts.put(status.name(), count));
    return CampaignRecord.newBuilder()
        .setCampaignId(c.spec().campaignId()).setHospitalCode(c.spec().hospitalCode())
        .setSpecialty(c.spec().specialty()).setAnswerWindowMillis(c.spec().answerWindow().toMillis())
        .setRequestedAt(c.spec().requestedAt()).setStatus(c.status().name()).setCounts(counts)
        .setAsked(c.counts().asked()).setPacerTokens(c.pacer().tokens()).setPacerAt(c.pacer().at())
        .setAskedThrough(c.askedThrough()).setLapsedThrough(c.lapsedThrough()).setStartedAt(c.startedAt())
        .setUpdatedAt(c.updatedAt()).setCompletedAt(c.completedAt())
        .build();
  }

  static Campaign fromRecord(CampaignRecord r) {
    Map<MemberStatus, Integer> counts = new EnumMap<>(MemberStatus.class);
    r.getCounts().forEach((status, count) -> counts.put(MemberStatus.valueOf(status), count));
    CampaignSpec spec = new CampaignSpec(r.getCampaignId(), r.getHospitalCode(), r.getSpecialty(),
        Duration.ofMillis(r.getAnswerWindowMillis()), r.getRequestedAt());
    return new Campaign(spec, CampaignStatus.valueOf(r.getStatus()), new CampaignCounts(counts, r.getAsked()),
        new Pacer.State(r.getPacerTokens(), r.getPacerAt()), r.getAskedThrough(), r.getLapsedThrough(),
        r.getStartedAt(), r.getUpdatedAt(), r.getCompletedAt());
  }

  static CampaignMemberRecord toRecord(CampaignMember m) {
    return CampaignMemberRecord.newBuilder().setCampaignId(m.campaignId()).setEntryId(m.entryId())
        .setPatientId(m.patientId()).setSpecialty(m.specialty()).setRecipient(toRecord(m.recipient())).setStatus(m.status().name())
        .setAskedAt(m.askedAt()).setAnswerBy(m.answerBy()).build();
  }

  static CampaignMember fromRecord(CampaignMemberRecord r) {
    return new CampaignMember(r.getCampaignId(), r.getEntryId(), r.getPatientId(), r.getSpecialty(),
        fromRecord(r.getRecipient()),
        MemberStatus.valueOf(r.getStatus()), r.getAskedAt(), r.getAnswerBy());
  }
}
