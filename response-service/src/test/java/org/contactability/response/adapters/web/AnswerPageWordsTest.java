package org.contactability.response.adapters.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import org.contactability.common.hospital.HospitalProfile;
import org.contactability.common.hospital.HospitalProfiles;
import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.MessageDetails;
import org.contactability.response.application.AnswerLinks;
import org.contactability.response.application.AnswerLinks.Notice;
import org.contactability.response.application.AnswerLinks.Status;
import org.contactability.response.application.AnswerRequests;
import org.contactability.response.domain.Intent;
import org.contactability.response.domain.QuestionKind;
import org.contactability.response.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.io.ClassPathResource;

/**
 * The answer page in every state, for every hospital, speaks as the hospital's messages do: the name
 * and phone of its profile (not a stale copy in the request), the titles of its buttons, and "usted".
 */
class AnswerPageWordsTest {

  /** Words only the informal register ("tú") uses: pronouns, possessives and its verb forms. */
  private static final Pattern INFORMAL = Pattern.compile("(?iu)(?<!\\p{L})(tú|tu|tus|te|ti|contigo|puedes|quieres|necesitas"
      + "|tienes|asistirás|podrás|llama|responde|revisa|intenta|presiona|vuelve|abre|llega|cancélala|confírmala)(?!\\p{L})");
  private static final Pattern TAGS = Pattern.compile("<[^>]+>");

  private final HospitalProfiles profiles = HospitalProfiles.shipped();
  private final AnswerPageModel model = new AnswerPageModel(profiles);
  private final Template page = template();

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"HCHM", "HLS"})
  void every_state_of_the_page_names_the_hospital_titles_its_buttons_and_says_usted_as_the_profile_does(
      String hospital) {
    HospitalProfile profile = profiles.of(hospital);
    for (AnswerLinks.Page state : everyState(hospital)) {
      Map<String, Object> values = new HashMap<>(model.of(state, Intent.CANCEL));
      values.put("csrf", Map.of("parameterName", "_csrf", "token", "t"));
      String html = page.execute(values);
      String text = TAGS.matcher(html).replaceAll(" ");

      assertThat(text.replace(profile.name(), "")).as("%s names no other hospital", state).doesNotContain("Hospital ");
      assertThat(text).as("%s gives the profile's phone", state).doesNotContain("+56 99 999 9999");
      assertThat(informalWords(html)).as("%s says usted", state).isEmpty();
      if (state instanceof AnswerLinks.Open open) {
        for (Intent action : open.actions()) {
          assertThat(html).as("%s titles %s", state, action)
              .contains(">" + profile.buttons().title(action.name()).orElseThrow() + "</button>");
        }
        assertThat(text).contains(profile.name());
      }
    }
  }

  @Test
  void a_page_that_is_not_about_any_hospital_says_usted_too() {
    for (Map<String, Object> values : List.of(model.of(new AnswerLinks.Unknown()), model.unavailable())) {
      assertThat(informalWords(page.execute(values))).isEmpty();
    }
  }

  /** The words of {@code html}'s text that only "tú" uses. */
  static List<String> informalWords(String html) {
    return INFORMAL.matcher(TAGS.matcher(html).replaceAll(" ")).results().map(m -> m.group()).toList();
  }

  private List<AnswerLinks.Page> everyState(String hospital) {
    Appointment appointment = Fixtures.appointment("w1", LocalDateTime.of(2026, 5, 6, 10, 0));
    MessageDetails stale = MessageDetails.newBuilder(AnswerRequests.detailsOf(appointment))
        .setHospitalName("Hospital Clínico Herminda Martín").setHospitalPhone("+56 99 999 9999").build();
    ContactRequest reminder = ContactRequest.newBuilder(
        Fixtures.reminder("r-w1", appointment, Channel.SMS, "AbCdEfGhIjKlMnOp", Instant.EPOCH))
        .setHospitalCode(hospital).setDetails(stale).build();
    ContactRequest offer = ContactRequest.newBuilder(Fixtures.offer("r-w2", "o-1", "w1", LocalDateTime.of(2026, 5, 6,
        10, 0), "AbCdEfGhIjKlMnOq", Instant.EPOCH, Instant.EPOCH.plusSeconds(7200)))
        .setHospitalCode(hospital).setDetails(stale).build();
    List<AnswerLinks.Page> states = new ArrayList<>();
    for (Status status : Status.values()) {
      Set<Intent> actions = switch (status) {
        case PENDING -> EnumSet.of(Intent.CONFIRM, Intent.CANCEL);
        case CONFIRMED -> EnumSet.of(Intent.CANCEL);
        default -> EnumSet.noneOf(Intent.class);
      };
      states.add(new AnswerLinks.Open(reminder, QuestionKind.APPOINTMENT, stale, status, actions, Optional.empty()));
    }
    for (Notice notice : Notice.values()) {
      states.add(new AnswerLinks.Open(reminder, QuestionKind.APPOINTMENT, stale, Status.CONFIRMED,
          EnumSet.of(Intent.CANCEL), Optional.of(notice)));
    }
    states.add(new AnswerLinks.Open(offer, QuestionKind.OFFER, stale, Status.PENDING,
        EnumSet.of(Intent.ACCEPT_OFFER, Intent.DECLINE_OFFER), Optional.empty()));
    states.add(new AnswerLinks.Open(offer, QuestionKind.STILL_NEEDED, stale, Status.PENDING,
        EnumSet.of(Intent.STILL_NEEDED, Intent.NOT_NEEDED), Optional.empty()));
    states.add(new AnswerLinks.Expired(hospital, stale));
    return states;
  }

  private static Template template() {
    try (Reader reader = new InputStreamReader(new ClassPathResource("templates/answer-page.mustache").getInputStream(),
        StandardCharsets.UTF_8)) {
      return Mustache.compiler().compile(reader);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
