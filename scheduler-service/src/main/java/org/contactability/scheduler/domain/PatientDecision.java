package org.contactability.scheduler.domain;

import java.time.Instant;

import org.contactability.contracts.appointment.DecisionType;

/**
 * A decision another service published about an appointment (response-service judging an answer).
 *
 * @param aboutStartsAt the appointment's start the decision was about; a decision about an earlier
 *                      time (the HIS moved the appointment since) does not change the new plan
 */
public record PatientDecision(DecisionType type, Instant aboutStartsAt, Instant decidedAt) {
}
