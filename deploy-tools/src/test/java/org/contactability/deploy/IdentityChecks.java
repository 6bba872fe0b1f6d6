package org.contactability.deploy;

import static org.contactability.deploy.Descriptors.list;
import static org.contactability.deploy.Descriptors.map;
import static org.contactability.deploy.Descriptors.string;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.contactability.common.security.Role;
import org.contactability.common.security.RoleClaim;
import org.contactability.deploy.ServiceCatalogue.Service;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The compose stack's login against the code: the Keycloak service and the realm it imports
 * (deploy/keycloak), the platform's roles and the embedded identity provider's demo identities, the
 * issuer and keys every service validates tokens with, the console's client, and Prometheus' scrape
 * client. Keycloak itself cannot run here; what it would refuse at import or at login is checked instead.
 */
final class IdentityChecks {

  static final Path REALM = ServiceCatalogue.ROOT.resolve("deploy/keycloak/contactability-realm.json");
  static final String REALM_FILE = "deploy/keycloak/contactability-realm.json";
  static final Path DEMO_IDENTITIES = ServiceCatalogue.ROOT
      .resolve("platform/src/main/java/org/contactability/platform/identity/DemoIdentities.java");

  static final String KEYCLOAK_IMAGE = "quay.io/keycloak/keycloak";
  /** Where {@code --import-realm} reads realm files, and the port Keycloak listens on inside its container. */
  static final String IMPORT_DIRECTORY = "/opt/keycloak/data/import/";
  static final int KEYCLOAK_PORT = 8080;

  static final String ISSUER = "spring.security.oauth2.resourceserver.jwt.issuer-uri";
  static final String JWK_SET = "spring.security.oauth2.resourceserver.jwt.jwk-set-uri";
  static final String ROLE_CLAIM = "contactability.security.role-claim";
  /** The console's registration at the identity provider ({@code ConsoleSecurity.REGISTRATION}). */
  static final String LOGIN = "spring.security.oauth2.client.";
  static final String REGISTRATION = "platform";
  static final String REALM_ROLE_MAPPER = "oidc-usermodel-realm-role-mapper";

  /** A demo identity as the embedded identity provider declares it ({@code DemoIdentities}). */
  record Identity(String name, String secret, Set<String> roles) {
  }

  private final ServiceCatalogue catalogue;
  private final Map<String, Object> services;
  private final Map<String, Object> realm;
  private final String demoIdentities;
  private final List<String> problems = new ArrayList<>();

  IdentityChecks(ServiceCatalogue catalogue, Map<String, Object> compose, Map<String, Object> realm,
      String demoIdentities) {
    this.catalogue = catalogue;
    this.services = map(compose.get("services"));
    this.realm = realm;
    this.demoIdentities = demoIdentities;
  }

  /** The realm file as Keycloak's import would read it (JSON); empty, with the parser's reason, when it cannot. */
  static Map<String, Object> parseRealm(String text, List<String> problems) {
    try {
      return map(JsonMapper.builder().build().readValue(text, Map.class));
    } catch (JacksonException e) {
      problems.add(REALM_FILE + " is no JSON Keycloak could import: " + e.getOriginalMessage());
      return new LinkedHashMap<>();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The realm

  /** Roles, demo people and script clients: as the platform and its embedded identity provider know them. */
  List<String> realmProblems() {
    String name = string(realm.get("realm"));
    if (name == null) {
      problems.add(REALM_FILE + ": no realm name");
    }
    Set<String> roles = realmRoles();
    for (Role role : Role.values()) {
      if (!roles.contains(role.claimValue())) {
        problems.add(REALM_FILE + ": no realm role " + role.claimValue() + " (Role." + role + "): nobody could be "
            + "given what it allows");
      }
    }
    for (Object each : list(realm.get("users"))) {
      Map<String, Object> user = map(each);
      for (Object role : list(user.get("realmRoles"))) {
        if (!roles.contains(String.valueOf(role))) {
          problems.add(REALM_FILE + ": user " + user.get("username") + " has realm role " + role
              + ", which the realm does not define (the import would fail)");
        }
      }
    }
    for (Identity person : demoIdentities("PEOPLE")) {
      Optional<Map<String, Object>> user = user(u -> person.name().equals(u.get("username")));
      if (user.isEmpty()) {
        problems.add(REALM_FILE + ": no user " + person.name() + ", a demo person of the embedded identity provider");
        continue;
      }
      boolean password = list(user.get().get("credentials")).stream().map(Descriptors::map)
          .anyMatch(c -> "password".equals(c.get("type")) && person.secret().equals(c.get("value"))
              && !Boolean.TRUE.equals(c.get("temporary")));
      if (!password) {
        problems.add(REALM_FILE + ": user " + person.name() + " has not the embedded platform's demo password (a"
            + " permanent password credential '" + person.secret() + "')");
      }
      checkRoles("user " + person.name(), user.get(), person.roles());
    }
    for (Identity script : demoIdentities("SCRIPTS")) {
      Map<String, Object> client = client(script.name());
      if (client.isEmpty()) {
        problems.add(REALM_FILE + ": no client " + script.name() + ", a script client of the embedded identity provider");
        continue;
      }
      checkScriptClient(script.name(), script.secret(), client);
      serviceAccount(script.name()).ifPresent(account -> checkRoles("the service account of " + script.name(),
          account, script.roles()));
    }
    return problems;
  }

  private void checkRoles(String who, Map<String, Object> user, Set<String> expected) {
    Set<String> actual = new TreeSet<>(list(user.get("realmRoles")).stream().map(String::valueOf).toList());
    if (!actual.equals(new TreeSet<>(expected))) {
      problems.add(REALM_FILE + ": " + who + " has realm roles " + actual + ", in the embedded identity provider "
          + new TreeSet<>(expected));
    }
  }

  /** A client-credentials client whose service account exists; {@code secret} its secret, when known. */
  private void checkScriptClient(String clientId, String secret, Map<String, Object> client) {
    if (!Boolean.TRUE.equals(client.get("serviceAccountsEnabled")) || Boolean.TRUE.equals(client.get("publicClient"))) {
      problems.add(REALM_FILE + ": client " + clientId + " must be confidential with serviceAccountsEnabled: true"
          + " (client credentials)");
    }
    if (secret != null && !secret.equals(client.get("secret"))) {
      problems.add(REALM_FILE + ": client " + clientId + " has secret '" + client.get("secret") + "', expected '"
          + secret + "'");
    }
    if (serviceAccount(clientId).isEmpty()) {
      problems.add(REALM_FILE + ": client " + clientId + " has no service-account user (serviceAccountClientId "
          + clientId + ") to hold its roles");
    }
  }

  /** The demo identities of one list of DemoIdentities ({@code PEOPLE} or {@code SCRIPTS}), read from its source. */
  List<Identity> demoIdentities(String field) {
    Matcher declaration = Pattern.compile("List<Identity>\\s+" + field + "\\s*=\\s*List\\.of\\((.*?)\\);",
        Pattern.DOTALL).matcher(demoIdentities);
    if (!declaration.find()) {
      throw new IllegalStateException("DemoIdentities declares no List<Identity> " + field);
    }
    List<Identity> identities = new ArrayList<>();
    Matcher identity = Pattern.compile("new Identity\\(\"([^\"]+)\",\\s*\"([^\"]+)\",\\s*List\\.of\\(([^)]*)\\)\\)")
        .matcher(declaration.group(1));
    while (identity.find()) {
      Set<String> roles = new TreeSet<>();
      for (String role : identity.group(3).split(",")) {
        if (!role.isBlank()) {
          roles.add(Role.valueOf(role.strip().replace("Role.", "")).claimValue());
        }
      }
      identities.add(new Identity(identity.group(1), identity.group(2), roles));
    }
    if (identities.isEmpty()) {
      throw new IllegalStateException("No identity read from DemoIdentities." + field);
    }
    return identities;
  }

  // ---------------------------------------------------------------------------------------------
  // The compose stack

  /**
   * Keycloak imports this realm; every service validates tokens with its issuer and keys and reads roles
   * from a claim the realm fills; the console logs in with a client of the realm.
   */
  List<String> composeProblems() {
    Optional<String> keycloak = keycloakService();
    if (keycloak.isEmpty()) {
      problems.add("docker-compose.yml: no service runs " + KEYCLOAK_IMAGE + " with " + REALM_FILE + " imported");
      return problems;
    }
    String issuer = issuer(keycloak.get());
    String internal = "http://" + keycloak.get() + ":" + KEYCLOAK_PORT + "/realms/" + realm.get("realm");
    Map<String, String> claims = new LinkedHashMap<>();
    String login = null;
    for (Service service : catalogue.services().values()) {
      Map<String, Object> container = map(services.get(service.name()));
      String where = "docker-compose.yml services." + service.name();
      Settings settings = new Settings(service, where);
      ComposeChecks.environment(container).forEach((name, value) -> settings.environment(name, value, new ArrayList<>()));
      checkTokens(where, settings, issuer, internal);
      claims.putIfAbsent(Optional.ofNullable(settings.value(ROLE_CLAIM)).orElse(RoleClaim.DEFAULT_PATH), where);
      if (service.name().equals("console")) {
        login = settings.value(LOGIN + "registration." + REGISTRATION + ".client-id");
        checkLogin(where, settings, issuer, internal);
      }
    }
    for (Map.Entry<String, String> claim : claims.entrySet()) {
      for (Object client : list(realm.get("clients"))) {
        checkRoleMapper(claim.getValue(), claim.getKey(), map(client), login);
      }
    }
    return problems;
  }

  /**
   * Every client of the realm puts the user's (or service account's) realm roles into the claim the services
   * read, in access tokens; the console's login also in the ID token, where it reads a person's roles.
   */
  private void checkRoleMapper(String where, String claim, Map<String, Object> client, String login) {
    boolean idToken = Objects.equals(login, client.get("clientId"));
    boolean mapped = list(client.get("protocolMappers")).stream().map(Descriptors::map)
        .filter(m -> REALM_ROLE_MAPPER.equals(m.get("protocolMapper")))
        .map(m -> map(m.get("config")))
        .anyMatch(c -> claim.equals(c.get("claim.name")) && "true".equals(string(c.get("access.token.claim")))
            && (!idToken || "true".equals(string(c.get("id.token.claim")))));
    if (!mapped) {
      problems.add(where + " reads roles from claim '" + claim + "', but client " + client.get("clientId") + " of "
          + REALM_FILE + " has no " + REALM_ROLE_MAPPER + " putting realm roles there (claim.name, access.token.claim"
          + (idToken ? ", id.token.claim: the console reads a person's roles from the ID token" : "") + ")");
    }
  }

  /** The compose service that runs Keycloak and imports the realm file, checked on the way. */
  private Optional<String> keycloakService() {
    Optional<String> name = keycloakServiceName();
    name.ifPresent(keycloak -> {
      Map<String, Object> container = map(services.get(keycloak));
      String where = "docker-compose.yml services." + keycloak;
      String image = string(container.get("image"));
      if (!image.matches(Pattern.quote(KEYCLOAK_IMAGE) + ":\\d+\\.\\d+\\.\\d+")) {
        problems.add(where + ": image " + image + " is not pinned to a release (" + KEYCLOAK_IMAGE + ":x.y.z)");
      }
      String command = String.join(" ", list(container.get("command")).stream().map(String::valueOf).toList());
      if (!command.contains("--import-realm")) {
        problems.add(where + ": command '" + command + "' does not import the realm (--import-realm)");
      }
      boolean mounted = list(container.get("volumes")).stream().map(String::valueOf)
          .anyMatch(v -> v.startsWith("./" + REALM_FILE + ":" + IMPORT_DIRECTORY));
      if (!mounted) {
        problems.add(where + ": " + REALM_FILE + " is not mounted into " + IMPORT_DIRECTORY + ", where --import-realm"
            + " reads it");
      }
    });
    return name;
  }

  /**
   * The issuer every token of the realm carries: KC_HOSTNAME fixes it to the host's address, whoever asks; without it
   * Keycloak names itself after each request's host, and tokens fetched by a browser and by a container differ.
   */
  private String issuer(String keycloak) {
    Map<String, Object> container = map(services.get(keycloak));
    String where = "docker-compose.yml services." + keycloak;
    String hostname = ComposeChecks.environment(container).get("KC_HOSTNAME");
    Integer published = published(container, KEYCLOAK_PORT);
    if (published == null) {
      problems.add(where + ": publishes no port for Keycloak's " + KEYCLOAK_PORT + ": browsers could not log in");
    }
    if (hostname == null || !hostname.matches("https?://[^/]+")) {
      problems.add(where + ": KC_HOSTNAME must be the full URL browsers use (http://localhost:" + published + "):"
          + " without it the issuer follows each request's host, and no one issuer fits browsers and containers");
      return "http://localhost:" + published + "/realms/" + realm.get("realm");
    }
    List<Descriptors.Address> address = Descriptors.addresses(hostname, false);
    if (!address.isEmpty() && Descriptors.isLocal(address.get(0).host())
        && !Objects.equals(address.get(0).port(), published)) {
      problems.add(where + ": KC_HOSTNAME=" + hostname + " names a port the service does not publish for "
          + KEYCLOAK_PORT + " (" + published + ")");
    }
    return hostname + "/realms/" + realm.get("realm");
  }

  /** Tokens are validated against the realm's issuer, with its keys fetched inside the network. */
  private void checkTokens(String where, Settings settings, String issuer, String internal) {
    String configured = settings.value(ISSUER);
    if (!issuer.equals(configured)) {
      problems.add(where + ": " + Settings.environmentVariable(ISSUER) + "=" + configured + ", but the realm's tokens"
          + " carry iss " + issuer + ": every token would be refused");
    }
    String keys = internal + "/protocol/openid-connect/certs";
    if (!keys.equals(settings.value(JWK_SET))) {
      problems.add(where + ": " + Settings.environmentVariable(JWK_SET) + "=" + settings.value(JWK_SET) + "; it must be "
          + keys + " (the realm's keys inside the network; without it Spring fetches them from the issuer's address,"
          + " which in a container is the container itself)");
    }
  }

  /** The console's registration: a client of the realm, its secret and redirect; the browser sent to the host's address. */
  private void checkLogin(String where, Settings settings, String issuer, String internal) {
    String registration = LOGIN + "registration." + REGISTRATION + ".";
    String provider = LOGIN + "provider." + REGISTRATION + ".";
    String clientId = settings.value(registration + "client-id");
    Map<String, Object> client = client(clientId);
    if (client.isEmpty()) {
      problems.add(where + ": logs in as client " + clientId + ", which " + REALM_FILE + " does not define");
      return;
    }
    if (!Boolean.TRUE.equals(client.get("standardFlowEnabled")) || Boolean.TRUE.equals(client.get("publicClient"))) {
      problems.add(where + ": client " + clientId + " of " + REALM_FILE + " must be confidential with"
          + " standardFlowEnabled: true (authorization code)");
    }
    if (!Objects.equals(client.get("secret"), settings.value(registration + "client-secret"))) {
      problems.add(where + ": " + Settings.environmentVariable(registration + "client-secret") + " is not the secret"
          + " of client " + clientId + " in " + REALM_FILE);
    }
    String redirect = settings.value(registration + "redirect-uri");
    boolean allowed = list(client.get("redirectUris")).stream().map(String::valueOf)
        .anyMatch(uri -> uri.equals(redirect) || uri.endsWith("*") && redirect != null
            && redirect.startsWith(uri.substring(0, uri.length() - 1)));
    if (!allowed) {
      problems.add(where + ": redirect URI " + redirect + " is not among client " + clientId + "'s redirectUris "
          + client.get("redirectUris") + ": Keycloak would refuse the login");
    }
    String scope = Optional.ofNullable(settings.value(registration + "scope")).orElse("");
    if (!List.of(scope.split(",")).contains("openid")) {
      problems.add(where + ": scope " + scope + " lacks openid: no ID token, no roles at login");
    }
    expect(where, settings, provider + "authorization-uri", issuer + "/protocol/openid-connect/auth",
        "the browser's address of the realm");
    expect(where, settings, provider + "token-uri", internal + "/protocol/openid-connect/token", "inside the network");
    expect(where, settings, provider + "jwk-set-uri", internal + "/protocol/openid-connect/certs", "inside the network");
    expect(where, settings, provider + "user-info-uri", internal + "/protocol/openid-connect/userinfo",
        "inside the network");
    if (settings.value(provider + "issuer-uri") != null) {
      problems.add(where + ": " + Settings.environmentVariable(provider + "issuer-uri") + " makes the console fetch the"
          + " issuer's discovery document at start, from the browser's address, which in the container is itself");
    }
  }

  private void expect(String where, Settings settings, String property, String expected, String why) {
    String value = settings.value(property);
    if (!expected.equals(value)) {
      problems.add(where + ": " + Settings.environmentVariable(property) + "=" + value + ", expected " + expected + " ("
          + why + ")");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Any deployment

  /**
   * A service validates tokens of an issuer (recorded in {@code issuers}: one for all, {@link #checkOneIssuer}); the
   * console also logs people in with a client of the provider, its secret and its redirect URI.
   */
  static void recordIssuer(String where, Service service, Settings settings, Map<String, String> issuers,
      List<String> problems) {
    String issuer = settings.value(ISSUER);
    if (issuer == null) {
      problems.add(where + ": sets no " + Settings.environmentVariable(ISSUER) + ": nobody could authenticate, every"
          + " endpoint but the public doors would answer 401");
    } else {
      issuers.put(service.name(), issuer);
    }
    if (service.name().equals("console")) {
      for (String setting : List.of("client-id", "client-secret", "redirect-uri")) {
        String property = LOGIN + "registration." + REGISTRATION + "." + setting;
        if (settings.value(property) == null) {
          problems.add(where + ": the console's login lacks " + Settings.environmentVariable(property));
        }
      }
    }
  }

  /** A problem when the services accept tokens of different issuers (service to issuer). */
  static void checkOneIssuer(String deployment, Map<String, String> issuers, List<String> problems) {
    if (issuers.values().stream().distinct().count() > 1) {
      problems.add(deployment + ": the services accept tokens of different issuers " + issuers
          + "; a token the console hands on would be refused");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Prometheus

  /** Every job that scrapes a service's actuator gets a viewer's token from a client of the realm. */
  List<String> prometheusProblems(Map<String, Object> prometheus) {
    Optional<String> keycloak = keycloakServiceName();
    String tokenUrl = "http://" + keycloak.orElse("keycloak") + ":" + KEYCLOAK_PORT + "/realms/" + realm.get("realm")
        + "/protocol/openid-connect/token";
    for (Object jobValue : list(prometheus.get("scrape_configs"))) {
      Map<String, Object> job = map(jobValue);
      if (!"/actuator/prometheus".equals(job.get("metrics_path"))) {
        continue;
      }
      String where = "deploy/prometheus/prometheus.yml job " + job.get("job_name");
      Map<String, Object> oauth2 = map(job.get("oauth2"));
      if (oauth2.isEmpty()) {
        problems.add(where + ": /actuator/prometheus needs a viewer's token; no oauth2 (client credentials) section");
        continue;
      }
      String clientId = string(oauth2.get("client_id"));
      Map<String, Object> client = client(clientId);
      if (client.isEmpty()) {
        problems.add(where + ": oauth2 client_id " + clientId + " is no client of " + REALM_FILE);
        continue;
      }
      checkScriptClient(clientId, string(oauth2.get("client_secret")), client);
      boolean viewer = serviceAccount(clientId).stream().flatMap(a -> list(a.get("realmRoles")).stream())
          .anyMatch(role -> Role.fromClaim(String.valueOf(role)).isPresent());
      if (!viewer) {
        problems.add(where + ": client " + clientId + "'s service account has no platform role: every scrape would be"
            + " refused (403); give it viewer");
      }
      if (!tokenUrl.equals(oauth2.get("token_url"))) {
        problems.add(where + ": oauth2 token_url " + oauth2.get("token_url") + ", expected " + tokenUrl
            + " (Keycloak inside the network)");
      }
    }
    return problems;
  }

  private Optional<String> keycloakServiceName() {
    return services.entrySet().stream()
        .filter(e -> String.valueOf(map(e.getValue()).get("image")).startsWith(KEYCLOAK_IMAGE))
        .map(Map.Entry::getKey).findFirst();
  }

  // ---------------------------------------------------------------------------------------------

  private Set<String> realmRoles() {
    Set<String> roles = new TreeSet<>();
    list(map(realm.get("roles")).get("realm")).forEach(role -> roles.add(String.valueOf(map(role).get("name"))));
    return roles;
  }

  private Map<String, Object> client(String clientId) {
    return list(realm.get("clients")).stream().map(Descriptors::map)
        .filter(c -> Objects.equals(clientId, c.get("clientId"))).findFirst().orElseGet(LinkedHashMap::new);
  }

  private Optional<Map<String, Object>> serviceAccount(String clientId) {
    return user(u -> clientId.equals(u.get("serviceAccountClientId")));
  }

  private Optional<Map<String, Object>> user(java.util.function.Predicate<Map<String, Object>> which) {
    return list(realm.get("users")).stream().map(Descriptors::map).filter(which).findFirst();
  }

  private static Integer published(Map<String, Object> container, int containerPort) {
    for (Object mapping : list(container.get("ports"))) {
      String[] parts = String.valueOf(mapping).split(":");
      if (parts.length >= 2 && parts[parts.length - 1].equals(String.valueOf(containerPort))) {
        return Integer.valueOf(parts[parts.length - 2]);
      }
    }
    return null;
  }
}
