package org.contactability.console.domain;

/**
 * The funnel of one day (appointments whose local date is that day), every number a count of
 * appointments, except the last two, which count freed slots of that day.
 *
 * @param booked              appointments in the HIS for the day (cancelled ones included)
 * @param notified            appointments with a notice the provider took, per channel
 * @param delivered           appointments with a notice delivered on any channel
 * @param read                appointments with a notice read (WhatsApp)
 * @param confirmed           appointments whose outcome is confirmed
 * @param cancelledByPatient  appointments cancelled by the patient
 * @param cancelledByHospital appointments cancelled by the hospital
 * @param noAnswer            appointments still undecided after their answer deadline
 * @param slotsOffered        freed slots offered to at least one waiting-list patient
 * @param slotsRefilled       freed slots booked for a waiting-list patient
 */
public record FunnelCounts(int booked, PerChannel notified, int delivered, int read, int confirmed,
    int cancelledByPatient, int cancelledByHospital, int noAnswer, int slotsOffered, int slotsRefilled) {

  public static final FunnelCounts ZERO = new FunnelCounts(0, PerChannel.ZERO, 0, 0, 0, 0, 0, 0, 0, 0);

  /** A count per notice channel. */
  public record PerChannel(int whatsapp, int sms, int email, int voice) {
    public static final PerChannel ZERO = new PerChannel(0, 0, 0, 0);
  }
}
