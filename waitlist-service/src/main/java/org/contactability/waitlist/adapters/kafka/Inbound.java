package org.contactability.waitlist.adapters.kafka;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.common.ContactPurpose;
import org.contactability.contracts.common.Correlation;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.Intent;
import org.contactability.contracts.contact.PatientResponse;
import org.contactability.contracts.his.CommandOutcome;
import org.contactability.contracts.his.HisCommandResult;
import org.contactability.contracts.waitlist.PurgeCampaign;
import org.contactability.waitlist.domain.campaign.CampaignSpec;
import org.contactability.waitlist.domain.offer.OfferIds;
import org.contactability.waitlist.domain.offer.Slot;
import org.contactability.waitlist.domain.offer.SlotDetails;
import org.contactability.waitlist.domain.candidate.ContactChannel;
import org.contactability.waitlist.domain.offer.SlotInput;

/**
 * Reads the platform's contracts into what the waitlist acts on, and says which records are its
 * business. A record that is its business but cannot be used throws {@link UnusableRecordException}
 * (it then goes to the dead-letter topic of its source).
 */
final class Inbound {

  /** Statuses after which a message will never reach the patient. */
  static final Set<DeliveryStatus> UNDELIVERABLE = EnumSet.of(DeliveryStatus.FAILED, DeliveryStatus.UNDELIVERED,
      DeliveryStatus.SUPPRESSED, DeliveryStatus.EXPIRED, DeliveryStatus.SKIPPED);

  static final String BOOK_APPOINTMENT = "BookAppointment";
  static final String WITHDRAW_ENTRY = "WithdrawWaitlistEntry";

  private Inbound() {
  }

  static Slot slot(Appointment a) {
    if (a == null) {
      throw new UnusableRecordException("cancellation without the appointment it cancels");
    }
    return new Slot(a.getAppointmentId(), a.getHospital().getCode(), a.getSite().getId(), a.getProfessional().getId(),
        a.getSpecialty(), a.getType().name(), a.getStartsAt(), a.getStartsAtLocal(), a.getDurationMinutes(),
        a.getPatient().getId(),
        new SlotDetails(a.getHospital().getZone(), a.getHospital().getName(), a.getHospital().getPhone(),
            a.getSite().getName(), a.getSite().getAddress(), a.getProfessional().getTitle(),
            a.getProfessional().getFullName()));
  }

  static boolean isOfferAnswer(PatientResponse r) {
    return r != null && (r.getIntent() == Intent.ACCEPT_OFFER || r.getIntent() == Intent.DECLINE_OFFER);
  }

  static boolean isCampaignAnswer(PatientResponse r) {
    return r != null && (r.getIntent() == Intent.STILL_NEEDED || r.getIntent() == Intent.NOT_NEEDED);
  }

  static String slotOfAnswer(PatientResponse r) {
    return slotOf(offerId(r.getCorrelation()), r.getIntent() + " answer " + r.getResponseId());
  }

  static SlotInput offerAnswer(PatientResponse r) {
    String offerId = offerId(r.getCorrelation());
    return r.getIntent() == Intent.ACCEPT_OFFER ? new SlotInput.Accept(offerId) : new SlotInput.Decline(offerId);
  }

  static String campaignOfAnswer(PatientResponse r) {
    return campaignOf(r.getCorrelation(), r.getIntent() + " answer " + r.getResponseId());
  }

  static CampaignCommand campaignAnswer(PatientResponse r) {
    return new CampaignCommand.Answer(r.getCorrelation().getCampaignId(), r.getCorrelation().getWaitlistEntryId(),
        r.getIntent() == Intent.STILL_NEEDED);
  }

  static boolean isUndeliveredOffer(ContactStatus s) {
    return s != null && s.getPurpose() == ContactPurpose.SLOT_OFFER && UNDELIVERABLE.contains(s.getStatus());
  }

  static boolean isUndeliveredQuestion(ContactStatus s) {
    return s != null && s.getPurpose() == ContactPurpose.STILL_NEEDED_QUESTION
        && UNDELIVERABLE.contains(s.getStatus());
  }

  static String slotOfStatus(ContactStatus s) {
    return slotOf(offerId(s.getCorrelation()), s.getStatus() + " status " + s.getStatusId() + " of " + s.getRequestId());
  }

  static SlotInput undeliveredOffer(ContactStatus s) {
    return new SlotInput.Undeliverable(offerId(s.getCorrelation()), ContactChannel.valueOf(s.getChannel().name()),
        deliveryReason(s));
  }

  static String campaignOfStatus(ContactStatus s) {
    return campaignOf(s.getCorrelation(), s.getStatus() + " status " + s.getStatusId() + " of " + s.getRequestId());
  }

  static CampaignCommand undeliveredQuestion(ContactStatus s) {
    return new CampaignCommand.Undeliverable(s.getCorrelation().getCampaignId(),
        s.getCorrelation().getWaitlistEntryId(), deliveryReason(s));
  }

  static boolean isBookingResult(HisCommandResult r) {
    return r != null && BOOK_APPOINTMENT.equals(r.getCommandType()) && r.getCommandId().startsWith("book:");
  }

  static boolean isWithdrawalResult(HisCommandResult r) {
    return r != null && WITHDRAW_ENTRY.equals(r.getCommandType()) && r.getCommandId().startsWith("withdraw:");
  }

  /** The offer a booking result is about: from the correlation, else from our command id "book:<offer id>". */
  static String bookedOffer(HisCommandResult r) {
    String offerId = offerId(r.getCorrelation());
    return offerId != null ? offerId : r.getCommandId().substring("book:".length());
  }

  static String slotOfResult(HisCommandResult r) {
    return slotOf(bookedOffer(r), "result of command " + r.getCommandId());
  }

  static SlotInput bookingResult(HisCommandResult r) {
    String offerId = bookedOffer(r);
    return r.getOutcome() == CommandOutcome.REFUSED
        ? new SlotInput.BookingRefused(offerId, r.getReason() == null ? "refused by the HIS" : r.getReason())
        : new SlotInput.BookingApplied(offerId);
  }

  static String campaignOfResult(HisCommandResult r) {
    return campaignOf(r.getCorrelation(), "result of command " + r.getCommandId());
  }

  static CampaignCommand withdrawalResult(HisCommandResult r) {
    return new CampaignCommand.WithdrawalResult(r.getCorrelation().getCampaignId(),
        r.getCorrelation().getWaitlistEntryId(), r.getOutcome() != CommandOutcome.REFUSED, r.getReason());
  }

  static CampaignSpec campaign(PurgeCampaign c) {
    if (c.getAnswerWindowDays() < 1) {
      throw new UnusableRecordException("campaign " + c.getCampaignId() + " has an answer window of "
          + c.getAnswerWindowDays() + " days; it must be at least 1");
    }
    return new CampaignSpec(c.getCampaignId(), c.getHospitalCode(), c.getSpecialty(),
        Duration.ofDays(c.getAnswerWindowDays()), c.getRequestedAt());
  }

  private static String offerId(Correlation correlation) {
    return correlation == null ? null : correlation.getOfferId();
  }

  private static String slotOf(String offerId, String what) {
    return OfferIds.slotOf(offerId).orElseThrow(() -> new UnusableRecordException(what + " names no offer of "
        + "waitlist-service (offerId " + (offerId == null ? "missing" : "'" + offerId + "'") + ")"));
  }

  private static String campaignOf(Correlation correlation, String what) {
    if (correlation == null || blank(correlation.getCampaignId()) || blank(correlation.getWaitlistEntryId())) {
      throw new UnusableRecordException(what + " names no campaign and waiting-list entry (correlation.campaignId"
          + " and correlation.waitlistEntryId are required)");
    }
    return correlation.getCampaignId();
  }

  private static String deliveryReason(ContactStatus s) {
    return s.getStatus() + " on " + s.getChannel() + (s.getErrorCode() == null ? "" : " (error " + s.getErrorCode() + ")");
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
