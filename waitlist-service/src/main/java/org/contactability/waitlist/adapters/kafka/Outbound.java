package org.contactability.waitlist.adapters.kafka;

import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.contactability.common.links.AnswerTokens;
import org.contactability.common.templates.MessageTemplate;
import org.contactability.contracts.common.AppointmentType;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.Correlation;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.MessageDetails;
import org.contactability.contracts.his.BookAppointment;
import org.contactability.contracts.his.HisCommand;
import org.contactability.contracts.his.WithdrawWaitlistEntry;
import org.contactability.contracts.waitlist.CampaignStatus;
import org.contactability.contracts.waitlist.OfferEventType;
import org.contactability.contracts.waitlist.PurgeCampaignProgress;
import org.contactability.contracts.waitlist.SlotOfferEvent;
import org.contactability.waitlist.application.HospitalInfo;
import org.contactability.waitlist.domain.campaign.Campaign;
import org.contactability.waitlist.domain.campaign.CampaignCounts;
import org.contactability.waitlist.domain.campaign.CampaignMember;
import org.contactability.waitlist.domain.campaign.MemberStatus;
import org.contactability.waitlist.domain.candidate.Recipient;
import org.contactability.waitlist.domain.offer.Offer;
import org.contactability.waitlist.domain.offer.ReplyKind;
import org.contactability.waitlist.domain.offer.Slot;
import org.contactability.waitlist.domain.offer.SlotDetails;
import org.contactability.waitlist.domain.offer.SlotEventKind;
import org.contactability.waitlist.domain.offer.SlotState;

/**
 * Turns the domain's effects into the platform's contracts: offer events, contact requests (one
 * channel each, keyed by waiting-list entry id) and HIS commands. Ids are deterministic where a
 * replay must be recognised downstream (request and command ids), random where each record is new.
 */
final class Outbound {

  static final String SERVICE = "waitlist-service";

  /** Variable of "still-needed-question": end of the answer window, ISO-8601 instant. */
  static final String VAR_ANSWER_BY = "answerBy";
  /** Variable of "still-needed-answer": what the patient said, STILL_NEEDED or NOT_NEEDED. */
  static final String VAR_ANSWER = "answer";

  private final AnswerTokens tokens;

  Outbound(AnswerTokens tokens) {
    this.tokens = tokens;
  }

  SlotOfferEvent event(SlotState state, SlotEventKind kind, Offer offer, String reason, Instant now) {
    Slot slot = state.slot();
    return SlotOfferEvent.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setSlotId(slot.slotId())
        .setType(OfferEventType.valueOf(kind.name()))
        .setOfferId(offer == null ? null : offer.offerId())
        .setWaitlistEntryId(offer == null ? null : offer.entryId())
        .setPatientId(offer == null ? null : offer.patientId())
        .setExpiresAt(offer != null && kind == SlotEventKind.OFFERED ? offer.expiresAt() : null)
        .setStrategy(state.strategy().name())
        .setSlot(org.contactability.contracts.waitlist.Slot.newBuilder()
            .setHospitalCode(slot.hospitalCode())
            .setSiteId(nonNull(slot.siteId()))
            .setProfessionalId(nonNull(slot.professionalId()))
            .setSpecialty(slot.specialty())
            .setStartsAt(slot.startsAt())
            .setStartsAtLocal(slot.startsAtLocal())
            .setDurationMinutes(slot.durationMinutes())
            .setType(appointmentType(slot.appointmentType()))
            .build())
        .setReason(reason)
        .setOccurredAt(now)
        .build();
  }

  ContactRequest offer(Slot slot, Offer offer, boolean resend, Instant now) {
    Map<String, String> variables = new HashMap<>();
    variables.put(MessageTemplate.OFFER_EXPIRES_AT, offer.expiresAt().toString());
    return request(offerRequestId(offer, resend), offerCorrelation(offer), slot.hospitalCode(),
        MessageTemplate.SLOT_OFFER, offer.recipient(), slotDetails(slot, offer.recipient()), variables, tokens.next(),
        offer.expiresAt(), offer.expiresAt(), now);
  }

  /**
   * "offer:&lt;offer id&gt;"; a resend on another channel after a failed delivery is a new request,
   * "offer:&lt;offer id&gt;:&lt;channel&gt;", or the notifier would take it for a duplicate.
   */
  private static String offerRequestId(Offer offer, boolean resend) {
    String first = "offer:" + offer.offerId();
    return resend ? first + ":" + offer.recipient().channel().name().toLowerCase(Locale.ROOT) : first;
  }

  ContactRequest reply(Slot slot, Offer offer, ReplyKind kind, Instant now) {
    MessageTemplate template = switch (kind) {
      case ACCEPTED -> MessageTemplate.OFFER_ACCEPTED_ANSWER;
      case TAKEN -> MessageTemplate.OFFER_TAKEN_ANSWER;
      case DECLINED -> MessageTemplate.OFFER_DECLINED_ANSWER;
    };
    return request("offer:" + offer.offerId() + ":" + template.templateName(), offerCorrelation(offer),
        slot.hospitalCode(), template, offer.recipient(), slotDetails(slot, offer.recipient()), Map.of(), null, null,
        null, now);
  }

  HisCommand book(Slot slot, Offer offer, Instant now) {
    return HisCommand.newBuilder()
        .setCommandId("book:" + offer.offerId())
        .setIssuedAt(now)
        .setIssuedBy(SERVICE)
        .setCorrelation(offerCorrelation(offer))
        .setCommand(BookAppointment.newBuilder()
            .setWaitlistEntryId(offer.entryId())
            .setPatientId(offer.patientId())
            .setProfessionalId(nonNull(slot.professionalId()))
            .setSiteId(nonNull(slot.siteId()))
            .setSpecialty(slot.specialty())
            .setStartsAtLocal(slot.startsAtLocal())
            .setDurationMinutes(slot.durationMinutes())
            .setType(appointmentType(slot.appointmentType()))
            .setFreedAppointmentId(slot.slotId())
            .build())
        .build();
  }

  ContactRequest question(CampaignMember member, String hospitalCode, HospitalInfo hospital, Instant now) {
    Map<String, String> variables = new HashMap<>();
    variables.put(VAR_ANSWER_BY, member.answerBy().toString());
    MessageTemplate template = MessageTemplate.STILL_NEEDED_QUESTION;
    return request("campaign:" + member.campaignId() + ":" + member.entryId() + ":" + template.templateName(),
        campaignCorrelation(member), hospitalCode, template, member.recipient(),
        campaignDetails(member.recipient(), hospital, member.specialty()), variables, tokens.next(), member.answerBy(),
        member.answerBy(), now);
  }

  ContactRequest acknowledgement(CampaignMember member, boolean stillNeeded, String hospitalCode,
      HospitalInfo hospital, Instant now) {
    String answer = stillNeeded ? "STILL_NEEDED" : "NOT_NEEDED";
    MessageTemplate template = MessageTemplate.STILL_NEEDED_ANSWER;
    return request("campaign:" + member.campaignId() + ":" + member.entryId() + ":" + template.templateName() + ":"
        + answer, campaignCorrelation(member), hospitalCode, template, member.recipient(),
        campaignDetails(member.recipient(), hospital, member.specialty()), Map.of(VAR_ANSWER, answer), null, null,
        null, now);
  }

  HisCommand withdraw(CampaignMember member, Instant now) {
    return HisCommand.newBuilder()
        .setCommandId("withdraw:" + member.campaignId() + ":" + member.entryId())
        .setIssuedAt(now)
        .setIssuedBy(SERVICE)
        .setCorrelation(campaignCorrelation(member))
        .setCommand(WithdrawWaitlistEntry.newBuilder()
            .setWaitlistEntryId(member.entryId())
            .setReason("El paciente indicó que ya no necesita la atención (campaña de depuración "
                + member.campaignId() + ")")
            .build())
        .build();
  }

  static PurgeCampaignProgress progress(Campaign campaign) {
    CampaignCounts counts = campaign.counts();
    return PurgeCampaignProgress.newBuilder()
        .setCampaignId(campaign.spec().campaignId())
        .setHospitalCode(campaign.spec().hospitalCode())
        .setSpecialty(campaign.spec().specialty())
        .setAnswerWindowDays((int) campaign.spec().answerWindow().toDays())
        .setStatus(CampaignStatus.valueOf(campaign.status().name()))
        .setTotal(counts.total())
        .setAsked(counts.asked())
        .setQueued(counts.of(MemberStatus.QUEUED))
        .setAwaitingAnswer(counts.of(MemberStatus.ASKED))
        .setStillNeeded(counts.of(MemberStatus.STILL_NEEDED))
        .setWithdrawing(counts.of(MemberStatus.WITHDRAWING))
        .setWithdrawn(counts.of(MemberStatus.WITHDRAWN))
        .setWithdrawalRefused(counts.of(MemberStatus.WITHDRAWAL_REFUSED))
        .setNoAnswer(counts.of(MemberStatus.NO_ANSWER))
        .setUndeliverable(counts.of(MemberStatus.UNDELIVERABLE))
        .setStartedAt(campaign.startedAt())
        .setUpdatedAt(campaign.updatedAt())
        .setCompletedAt(campaign.completedAt())
        .build();
  }

  private static ContactRequest request(String requestId, Correlation correlation, String hospitalCode,
      MessageTemplate template, Recipient recipient, MessageDetails details, Map<String, String> variables,
      String answerToken, Instant respondBy, Instant notAfter, Instant now) {
    return ContactRequest.newBuilder()
        .setRequestId(requestId)
        .setCorrelation(correlation)
        .setHospitalCode(hospitalCode)
        .setPurpose(template.purpose())
        .setTemplate(template.templateName())
        .setChannel(Channel.valueOf(recipient.channel().name()))
        .setRecipient(org.contactability.contracts.contact.Recipient.newBuilder()
            .setPhone(recipient.channel().needsPhone() ? recipient.phone() : null)
            .setEmail(recipient.channel().needsPhone() ? null : recipient.email())
            .build())
        .setDetails(details)
        .setVariables(variables)
        .setAnswerToken(answerToken)
        .setRespondBy(respondBy)
        .setNotAfter(notAfter)
        .setRequestedAt(now)
        .build();
  }

  private static MessageDetails slotDetails(Slot slot, Recipient recipient) {
    SlotDetails d = slot.details() == null ? new SlotDetails(null, null, null, null, null, null, null) : slot.details();
    return MessageDetails.newBuilder()
        .setPatientGivenNames(recipient.givenNames())
        .setPatientFullName(recipient.fullName())
        .setStartsAtLocal(slot.startsAtLocal())
        .setZone(d.zone())
        .setProfessionalTitle(d.professionalTitle())
        .setProfessionalName(d.professionalName())
        .setSpecialty(slot.specialty())
        .setSiteName(d.siteName())
        .setSiteAddress(d.siteAddress())
        .setHospitalName(d.hospitalName())
        .setHospitalPhone(d.hospitalPhone())
        .build();
  }

  private static MessageDetails campaignDetails(Recipient recipient, HospitalInfo hospital, String specialty) {
    return MessageDetails.newBuilder()
        .setPatientGivenNames(recipient.givenNames())
        .setPatientFullName(recipient.fullName())
        .setSpecialty(specialty)
        .setZone(hospital.zone())
        .setHospitalName(hospital.name())
        .setHospitalPhone(hospital.phone())
        .build();
  }

  private static Correlation offerCorrelation(Offer offer) {
    return Correlation.newBuilder().setOfferId(offer.offerId()).setWaitlistEntryId(offer.entryId()).build();
  }

  private static Correlation campaignCorrelation(CampaignMember member) {
    return Correlation.newBuilder().setCampaignId(member.campaignId()).setWaitlistEntryId(member.entryId()).build();
  }

  private static AppointmentType appointmentType(String name) {
    if (name == null) {
      return AppointmentType.OTHER;
    }
    try {
      return AppointmentType.valueOf(name);
    } catch (IllegalArgumentException e) {
      return AppointmentType.OTHER;
    }
  }

  private static String nonNull(String value) {
    return value == null ? "" : value;
  }
}
