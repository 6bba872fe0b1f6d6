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
 * @param attended            appointments the HIS marked attended
 * @param noShow              appointments the HIS marked as a no-show
 * @param slotsOffered        freed slots offered to at least one waiting-list patient
 * @param slotsRefilled       freed slots booked for a waiting-list patient
 * @param failed              appointments with a message that failed, per kind of failure
 * @param notSent             appointments with a message that did not go, per reason
 */
public record FunnelCounts(int booked, PerChannel notified, int delivered, int read, int confirmed,
    int cancelledByPatient, int cancelledByHospital, int noAnswer, int attended, int noShow, int slotsOffered, int slotsRefilled,
    Failed failed, NotSent notSent) {

  public static final FunnelCounts ZERO = new FunnelCounts(0, PerChannel.ZERO, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      Failed.ZERO, NotSent.ZERO);

  /** A count per notice channel. */
  public record PerChannel(int whatsapp, int sms, int email, int voice) {
    public static final PerChannel ZERO = new PerChannel(0, 0, 0, 0);
  }

  /** Appointments with a message that failed (FAILED, UNDELIVERED or EXPIRED), per failure kind. */
  public record Failed(int temporary, int permanent, int technical) {
    public static final Failed ZERO = new Failed(0, 0, 0);
  }

  /**
   * Appointments with a message that did not go, per reason: skipped by the scheduler (a message the
   * policy meant to send), and among them no contactable channel, patient row in dead letters,
   * hospital not configured; and opted out (suppressed by the notifier).
   */
  public record NotSent(int skipped, int noContactableChannel, int patientUnreadable, int hospitalNotConfigured,
      int optedOut) {
    public static final NotSent ZERO = new NotSent(0, 0, 0, 0, 0);
  }
}
