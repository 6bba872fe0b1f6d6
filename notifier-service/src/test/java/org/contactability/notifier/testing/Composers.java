package org.contactability.notifier.testing;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

import org.contactability.common.hospital.HospitalProfiles;
import org.contactability.notifier.adapters.templates.MustacheTemplateLibrary;
import org.contactability.notifier.application.MessageComposer;
import org.springframework.core.io.DefaultResourceLoader;

/** The message composer over the shipped templates and hospital profiles, as the service configures it. */
public final class Composers {

  public static final String LINKS = "https://l.hchm.cl";
  public static final String RESPONSE = "https://respuestas.hchm.cl";

  private Composers() {
  }

  public static MessageComposer shipped() {
    return shipped(false);
  }

  public static MessageComposer shipped(boolean transliterateSms) {
    return new MessageComposer(library(),
        new MessageComposer.Settings(LINKS, RESPONSE, hospital -> ZoneId.of("America/Santiago"),
            hospital -> transliterateSms, Duration.ofMinutes(30)), HospitalProfiles.shipped());
  }

  /** The shipped templates with the shipped hospitals' profiles. */
  public static MustacheTemplateLibrary library() {
    return new MustacheTemplateLibrary(new DefaultResourceLoader(), List.of("classpath:templates/"),
        HospitalProfiles.shipped());
  }
}
