package org.contactability.hisconnector.domain.writeback;

/** What the HIS's current state allows a command to do. */
public sealed interface Verdict {

  /** Write the change. */
  record Apply() implements Verdict {
  }

  /** The HIS already holds what the command asks for: record the command, change nothing. */
  record AlreadyThere() implements Verdict {
  }

  /** The HIS state does not allow it; the reason is for an operator and holds no patient data. */
  record Refuse(String reason) implements Verdict {
  }
}
