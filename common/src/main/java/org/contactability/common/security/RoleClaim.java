package org.contactability.common.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Reads the platform's roles from a token's claims. The claim is named by a dotted path, so that an
 * identity provider which nests its roles is read as it is: {@code roles} (the embedded identity
 * provider), {@code realm_access.roles} (Keycloak), {@code groups}. Values may be a list or one string
 * separated by spaces or commas; unknown values are ignored.
 */
public final class RoleClaim {

  public static final String DEFAULT_PATH = "roles";

  private final List<String> path;

  public RoleClaim(String path) {
    this.path = List.of(path.split("\\."));
  }

  /** The roles the claims give, each with the roles it includes. */
  public Set<Role> roles(Map<String, Object> claims) {
    Object value = claims;
    for (String step : path) {
      if (!(value instanceof Map<?, ?> map)) {
        return Set.of();
      }
      value = map.get(step);
    }
    Collection<?> values = value instanceof Collection<?> list ? list
        : value instanceof String text ? List.of(text.split("[\\s,]+")) : List.of();
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (Object each : values) {
      if (each != null) {
        Role.fromClaim(each.toString()).ifPresent(role -> roles.addAll(role.withIncluded()));
      }
    }
    return roles;
  }

  /** The roles as Spring Security authorities ({@code ROLE_VIEWER}...). */
  public List<GrantedAuthority> authorities(Map<String, Object> claims) {
    return roles(claims).stream().<GrantedAuthority>map(role -> new SimpleGrantedAuthority(role.authority())).toList();
  }
}
