package org.contactability.hisconnector.domain.writeback;

import org.contactability.contracts.common.WaitlistStatus;

/**
 * A waiting-list entry as the HIS holds it when a command arrives.
 *
 * @param status canonical meaning of the HIS's status code; null when the mapping does not know it
 */
public record CurrentWaitlistEntry(String id, String patientId, String hisStatus, WaitlistStatus status) {
}
