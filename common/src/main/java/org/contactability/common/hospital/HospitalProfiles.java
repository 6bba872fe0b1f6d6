package org.contactability.common.hospital;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.contactability.contracts.contact.MessageDetails;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * Every hospital's {@link HospitalProfile}, by hospital code (case ignored). The {@code default}
 * entry fills what a hospital leaves unset, and speaks for a hospital that has no entry (an answer to
 * a number no hospital wrote to).
 */
public final class HospitalProfiles {

  /** The entry whose settings every hospital inherits. */
  public static final String DEFAULT = "default";
  /** The file every service that speaks to patients imports ({@code spring.config.import}). */
  public static final String SHIPPED_FILE = "contactability-hospitals.yml";

  private final Map<String, HospitalProfile> byCode = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

  public HospitalProfiles(Map<String, HospitalProfile> profiles) {
    byCode.putAll(profiles);
  }

  /**
   * The profiles of the shipped {@value #SHIPPED_FILE} alone, without a deployment's overrides: what
   * tests check every text against.
   */
  public static HospitalProfiles shipped() {
    StandardEnvironment environment = new StandardEnvironment();
    ClassPathResource file = new ClassPathResource(SHIPPED_FILE);
    try {
      for (PropertySource<?> source : new YamlPropertySourceLoader().load(SHIPPED_FILE, file)) {
        environment.getPropertySources().addLast(source);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + SHIPPED_FILE, e);
    }
    return new HospitalProfiles(Binder.get(environment).bindOrCreate("contactability", Properties.class).hospitals());
  }

  /** The hospital's profile over the default entry; the default entry alone for a hospital without one. */
  public HospitalProfile of(String hospitalCode) {
    HospitalProfile fallback = byCode.getOrDefault(DEFAULT, new HospitalProfile(null, null, null));
    HospitalProfile own = hospitalCode == null ? null : byCode.get(hospitalCode.strip());
    return own == null ? fallback : own.over(fallback);
  }

  /**
   * The profile a message about {@code details} speaks with: the hospital's, with the name and phone the
   * message carries where the profile has none (a hospital without a profile of its own).
   */
  public HospitalProfile of(String hospitalCode, MessageDetails details) {
    HospitalProfile profile = of(hospitalCode);
    return details == null ? profile
        : profile.over(new HospitalProfile(details.getHospitalName(), details.getHospitalPhone(), null));
  }

  /** The hospitals configured, the default entry left out. */
  public Set<String> hospitals() {
    Set<String> codes = new TreeSet<>(byCode.keySet());
    codes.remove(DEFAULT);
    return codes;
  }

  /** @param hospitals hospital code (or {@code default}) to profile: {@code contactability.hospitals.<CODE>.*} */
  @ConfigurationProperties("contactability")
  public record Properties(Map<String, HospitalProfile> hospitals) {

    public Properties {
      hospitals = hospitals == null ? Map.of() : Map.copyOf(hospitals);
    }
  }
}
