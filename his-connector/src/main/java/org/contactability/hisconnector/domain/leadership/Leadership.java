package org.contactability.hisconnector.domain.leadership;

/**
 * Which of several his-connector instances captures: the one whose session holds the slot's lock.
 * An instance asks for the lock while it stands by and confirms it holds it while it captures; this
 * class decides, from what that check saw, the instance's next role and what to do with its
 * capture. Anything short of a confirmed lock stops the capture: once the lock session fails the
 * database may already have handed the lock to another instance.
 */
public final class Leadership {

  private Leadership() {
  }

  /** What an instance does with the capture. */
  public enum Role {
    /** Holds the lock and runs the capture. */
    ACTIVE,
    /** Healthy, not capturing: waits for the lock. */
    STANDBY
  }

  /** What one check of the lock saw. */
  public enum Observation {
    /** The lock was free and this instance's session took it. */
    ACQUIRED,
    /** Another session holds the lock. */
    HELD_ELSEWHERE,
    /** This instance's session answered and still holds the lock. */
    CONFIRMED,
    /** This instance's session answered, but no longer holds the lock. */
    NOT_HELD,
    /** The lock session failed, timed out or could not be opened. */
    SESSION_FAILED
  }

  /** What the instance does after a check. */
  public enum Action {
    START_CAPTURE,
    STOP_CAPTURE,
    NONE
  }

  /** The next role, the action that gets there, and why (for the log). */
  public record Decision(Role role, Action action, String reason) {
  }

  public static Decision next(Role current, Observation seen) {
    return switch (current) {
      case STANDBY -> switch (seen) {
        case ACQUIRED, CONFIRMED -> new Decision(Role.ACTIVE, Action.START_CAPTURE, "the slot's lock is ours");
        case HELD_ELSEWHERE -> new Decision(Role.STANDBY, Action.NONE, "another instance holds the slot's lock");
        case NOT_HELD, SESSION_FAILED -> new Decision(Role.STANDBY, Action.NONE, "the database could not be asked for the slot's lock");
      };
      case ACTIVE -> switch (seen) {
        case ACQUIRED, CONFIRMED -> new Decision(Role.ACTIVE, Action.NONE, "the slot's lock is still ours");
        case HELD_ELSEWHERE, NOT_HELD ->
            new Decision(Role.STANDBY, Action.STOP_CAPTURE, "the slot's lock is no longer ours");
        case SESSION_FAILED -> new Decision(Role.STANDBY, Action.STOP_CAPTURE,
            "the lock session failed, so the database may release the lock to another instance");
      };
    };
  }
}
