package org.contactability.platform.identity;

import java.util.List;

import org.contactability.common.security.Role;

/**
 * The embedded identity provider's demo people and script clients, one per role (docs/platform.md lists
 * them). Demo credentials for a platform on loopback: a hospital points the services at its own
 * identity provider instead (docs/deploy.md).
 */
public final class DemoIdentities {

  /** The console's own client (authorization code with PKCE). */
  public static final String CONSOLE_CLIENT = "console";
  public static final String CONSOLE_SECRET = "console-secret";

  /** A person who logs in at the identity provider's page, or a script's client (client credentials). */
  public record Identity(String name, String secret, List<Role> roles) {
  }

  public static final List<Identity> PEOPLE = List.of(
      new Identity("viewer", "viewer", List.of(Role.VIEWER)),
      new Identity("operator", "operator", List.of(Role.OPERATOR)),
      new Identity("admin", "admin", List.of(Role.ADMINISTRATOR)));

  /** Clients for scripts and acceptance tests; {@code guest-script} has no role (authenticated, allowed nothing). */
  public static final List<Identity> SCRIPTS = List.of(
      new Identity("viewer-script", "viewer-secret", List.of(Role.VIEWER)),
      new Identity("operator-script", "operator-secret", List.of(Role.OPERATOR)),
      new Identity("admin-script", "admin-secret", List.of(Role.ADMINISTRATOR)),
      new Identity("guest-script", "guest-secret", List.of()));

  /** The script client of {@code role}. */
  public static Identity script(Role role) {
    return SCRIPTS.stream().filter(script -> script.roles().equals(List.of(role))).findFirst().orElseThrow();
  }

  /** The script client without a role. */
  public static Identity guest() {
    return SCRIPTS.stream().filter(script -> script.roles().isEmpty()).findFirst().orElseThrow();
  }

  private DemoIdentities() {
  }
}
