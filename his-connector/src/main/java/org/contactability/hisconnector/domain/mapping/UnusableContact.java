package org.contactability.hisconnector.domain.mapping;

import org.contactability.hisconnector.domain.mapping.UnmappableRowException.Problem;

/**
 * A phone or e-mail a HIS row holds that is no phone or e-mail: left out of the canonical row, so
 * the patient is contacted on the channels they have, and reported for a clerk to correct. The
 * reason names the table, the column and the problem, never the value.
 */
public record UnusableContact(String table, String column, Problem problem, String what) {

  /** "column telefono_movil of his.paciente is not a phone number (NOT_A_NUMBER)". */
  public String reason() {
    return "column " + column + " of " + table + " " + what;
  }
}
