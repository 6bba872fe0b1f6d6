package org.contactability.console.application;

/**
 * A patient of the HIS, as the patient-phone page lists them. The page plays the patient's own
 * phone, so it shows the name and the addresses; the RUT is masked.
 *
 * @param phone                the mobile phone in E.164, null when the HIS has none or an invalid one
 * @param phoneProblem         why there is no usable phone, in Spanish, else null
 * @param email                e-mail address, lower case, else null
 * @param upcomingAppointments live appointments from now on
 * @param waiting              whether the patient waits on a waiting list
 */
public record DemoPatient(String id, String name, String rut, String phone, String phoneProblem, String email,
    int upcomingAppointments, boolean waiting) {
}
