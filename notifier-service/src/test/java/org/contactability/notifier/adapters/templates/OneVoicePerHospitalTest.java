package org.contactability.notifier.adapters.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.contactability.common.hospital.HospitalProfile;
import org.contactability.common.hospital.HospitalProfiles;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.MessageDetails;
import org.contactability.notifier.Requests;
import org.contactability.notifier.application.Button;
import org.contactability.notifier.application.MessageTemplates.Rendering;
import org.contactability.notifier.application.MessageVariables;
import org.contactability.notifier.testing.Composers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Every template of every hospital, on every channel, speaks with the hospital's one voice: the name
 * of its profile (never another name, even when the request carries a stale one), the phone of its
 * profile, the button titles of its profile, and "usted".
 */
class OneVoicePerHospitalTest {

  /** Words only the informal register ("tú") uses: pronouns, possessives and its verb forms. */
  static final Pattern INFORMAL = Pattern.compile("(?iu)(?<!\\p{L})(tú|tu|tus|te|ti|contigo|puedes|quieres|necesitas"
      + "|tienes|asistirás|podrás|llama|responde|revisa|intenta|presiona|vuelve|abre|llega|cancélala|confírmala)(?!\\p{L})");

  private static final String STALE_NAME = "Hospital Clínico Herminda Martín";
  private static final String STALE_PHONE = "+56 42 999 9999";
  private static final HospitalProfiles PROFILES = HospitalProfiles.shipped();
  private static final MustacheTemplateLibrary LIBRARY = Composers.library();

  static Stream<Arguments> everyTemplateOfEveryHospital() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    for (String hospital : PROFILES.hospitals()) {
      for (String template : templates()) {
        cases.add(Arguments.of(hospital, template));
      }
    }
    return cases.stream();
  }

  /** Every template the shipped set has, read from its files. */
  static TreeSet<String> templates() throws IOException {
    TreeSet<String> names = new TreeSet<>();
    for (Resource file : new PathMatchingResourcePatternResolver().getResources("classpath:templates/*/*.mustache")) {
      String name = file.getFilename();
      if (!name.startsWith("_")) {
        names.add(name.substring(0, name.indexOf('.')));
      }
    }
    return names;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("everyTemplateOfEveryHospital")
  void names_the_hospital_gives_its_phone_and_titles_its_buttons_as_its_profile_says_and_says_usted(String hospital,
      String template) {
    HospitalProfile profile = PROFILES.of(hospital);
    ContactRequest request = Requests.request("r-voice", hospital, template, Channel.WHATSAPP)
        .setDetails(MessageDetails.newBuilder(Requests.chillanAppointment()).setHospitalName(STALE_NAME)
            .setHospitalPhone(STALE_PHONE).build())
        .setVariables(Map.of("offerExpiresAt", "2026-05-04T22:00:00Z", "option1", "06 de mayo 10:00, Medicina Interna",
            "option2", "12 de mayo 08:30, Cardiología"))
        .build();
    for (Channel channel : List.of(Channel.WHATSAPP, Channel.SMS, Channel.VOICE, Channel.EMAIL)) {
      Rendering rendering = LIBRARY.render(hospital, template, channel, MessageVariables.of(request, channel,
          "https://l.example/r/" + Requests.TOKEN, ZoneId.of("America/Santiago"),
          PROFILES.of(hospital, request.getDetails())));
      for (String text : Stream.of(rendering.text(), rendering.subject(), rendering.html())
          .filter(t -> t != null).toList()) {
        String where = hospital + " " + template + " on " + channel;
        assertThat(text.replace(profile.name(), "")).as(where + " names no other hospital").doesNotContain("Hospital ");
        assertThat(text).as(where + " gives the profile's phone").doesNotContain(STALE_PHONE);
        assertThat(INFORMAL.matcher(text).results().map(m -> m.group()).toList()).as(where + " says usted").isEmpty();
      }
      for (Button button : rendering.buttons()) {
        assertThat(profile.buttons().title(button.payload())).as("%s %s %s", hospital, template, button.payload())
            .contains(button.title());
        if (channel == Channel.EMAIL) {
          assertThat(rendering.text()).contains(button.title() + ": ");
          assertThat(rendering.html()).contains(">" + button.title() + "<");
        }
      }
    }
  }
}
