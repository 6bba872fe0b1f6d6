package org.contactability.waitlist.adapters.kafka;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.contactability.contracts.common.WaitlistStatus;
import org.contactability.contracts.his.PatientChange;
import org.contactability.contracts.his.PatientRow;
import org.contactability.contracts.his.WaitlistEntryChange;
import org.contactability.contracts.his.WaitlistEntryRow;
import org.contactability.waitlist.domain.candidate.Candidate;
import org.contactability.waitlist.domain.candidate.Contact;

/** Reads waiting-list candidates out of the global stores: entries joined with their patients. */
final class WaitlistDirectory {

  private final KeyValueStore<String, WaitlistEntryChange> entries;
  private final KeyValueStore<String, PatientChange> patients;

  WaitlistDirectory(KeyValueStore<String, WaitlistEntryChange> entries, KeyValueStore<String, PatientChange> patients) {
    this.entries = entries;
    this.patients = patients;
  }

  /** Every entry of a hospital's list, or of one specialty of it (any status: the domain filters). */
  List<Candidate> candidates(String hospitalCode, String specialty) {
    String prefix = WaitlistStoreUpdater.indexPrefix(hospitalCode, specialty);
    List<Candidate> found = new ArrayList<>();
    try (KeyValueIterator<String, WaitlistEntryChange> range = entries.range(prefix, prefix + WaitlistStores.END)) {
      while (range.hasNext()) {
        KeyValue<String, WaitlistEntryChange> next = range.next();
        if (next.value != null && next.value.getAfter() != null) {
          found.add(candidate(next.value.getAfter()));
        }
      }
    }
    return found;
  }

  private Candidate candidate(WaitlistEntryRow row) {
    PatientChange patient = patients.get(row.getPatientId());
    Contact contact = patient == null || patient.getAfter() == null ? null : contact(patient.getAfter());
    LocalDate gesDeadline = row.getGesDeadline();
    return new Candidate(row.getId(), row.getPatientId(), row.getHospitalCode(), row.getSpecialty(),
        row.getAppointmentType().name(), row.getProfessionalId(), row.getSiteId(), row.getGes(), gesDeadline,
        row.getClinicalPriority(), row.getEnteredOn(), row.getStatus() == WaitlistStatus.WAITING, contact);
  }

  /** The names stay sealed as his-connector wrote them (docs/privacy.md): the full name is the one sealed whole. */
  private static Contact contact(PatientRow row) {
    if (row.getFullName() != null) {
      return new Contact(row.getGivenNames(), row.getFullName(), row.getMobilePhone(), row.getEmail());
    }
    StringBuilder full = new StringBuilder(row.getGivenNames()).append(' ').append(row.getPaternalSurname());
    if (row.getMaternalSurname() != null && !row.getMaternalSurname().isBlank()) {
      full.append(' ').append(row.getMaternalSurname());
    }
    return new Contact(row.getGivenNames(), full.toString(), row.getMobilePhone(), row.getEmail());
  }
}
