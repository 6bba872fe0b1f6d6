package org.contactability.hisconnector.domain.mapping;

/**
 * A HIS row that cannot become a canonical row. The message names the table, the column and what
 * is wrong with it, never the value itself (it may be a name, a phone or a RUT), so that it can go
 * into a dead-letter reason and a log line.
 */
public class UnmappableRowException extends RuntimeException {

  private final String column;
  private final Problem problem;

  /** What kind of defect, for metrics and the dead letter's error type. */
  public enum Problem {
    MISSING_COLUMN,
    MISSING_VALUE,
    BAD_DATE,
    BAD_NUMBER,
    BAD_PHONE,
    BAD_EMAIL,
    BAD_RUT,
    UNKNOWN_CODE
  }

  public UnmappableRowException(String table, String column, Problem problem, String what) {
    super("column " + column + " of " + table + " " + what);
    this.column = column;
    this.problem = problem;
  }

  public String column() {
    return column;
  }

  public Problem problem() {
    return problem;
  }
}
