package org.contactability.notifier.adapters.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.contactability.common.hospital.HospitalProfiles;
import org.contactability.common.templates.MessageTemplate;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.Intent;
import org.contactability.notifier.Requests;
import org.contactability.notifier.application.Button;
import org.contactability.notifier.application.MessageTemplates.Rendering;
import org.contactability.notifier.application.MessageVariables;
import org.contactability.notifier.testing.Composers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The platform's template catalogue ({@link MessageTemplate}, in common) against the notifier's template
 * files: every template the services may ask for has its texts and its subject, every text belongs to a
 * template of the catalogue, the buttons are the catalogue's answers, and the request variables the
 * catalogue says a template needs are the ones its texts read.
 */
class TemplateCatalogueTest {

  private static final String LINK = "https://l.hchm.cl/r/" + Requests.TOKEN;
  private static final List<Channel> CHANNELS = List.of(Channel.WHATSAPP, Channel.SMS, Channel.VOICE, Channel.EMAIL);
  private static final Map<String, String> VALUES = Map.of(MessageTemplate.OFFER_EXPIRES_AT, "2026-05-04T22:00:00Z",
      MessageTemplate.option(1), "06 de mayo 10:00, Medicina Interna");

  private final HospitalProfiles profiles = HospitalProfiles.shipped();
  private final MustacheTemplateLibrary library = Composers.library();

  @Test
  void every_template_of_the_catalogue_has_its_whatsapp_and_sms_texts_and_an_e_mail_subject() throws IOException {
    Set<String> files = files("classpath:templates/default/*.mustache");
    Set<String> subjects = catalogYaml().keySet();

    for (MessageTemplate template : MessageTemplate.values()) {
      assertThat(files).as("texts of %s", template)
          .contains(template.templateName() + ".whatsapp", template.templateName() + ".sms");
      assertThat(subjects).as("subject of %s", template).contains(template.templateName());
    }
  }

  @Test
  void every_template_file_of_every_hospital_and_every_subject_belongs_to_a_template_of_the_catalogue()
      throws IOException {
    Set<String> catalogue = Arrays.stream(MessageTemplate.values()).map(MessageTemplate::templateName)
        .collect(Collectors.toSet());
    Set<String> named = new TreeSet<>(catalogYaml().keySet());
    for (String file : files("classpath:templates/*/*.mustache")) {
      if (!file.startsWith("_")) {
        named.add(file.substring(0, file.indexOf('.')));
      }
    }

    assertThat(catalogue).containsAll(named);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(MessageTemplate.class)
  void renders_on_every_channel_with_the_catalogues_variables(MessageTemplate template) {
    ContactRequest request = request(template, template.variables());

    for (Channel channel : CHANNELS) {
      Rendering rendering = render(template, channel, request);
      assertThat(rendering.text()).as("%s on %s", template, channel).isNotBlank().doesNotContain("{{")
          .doesNotContain("  ");
    }
  }

  /** The buttons are the catalogue's; an SMS has none, so its text must give the link where the answers are. */
  @ParameterizedTest(name = "{0}")
  @EnumSource(MessageTemplate.class)
  void the_sms_of_a_template_that_offers_answers_and_only_of_such_a_template_carries_the_answer_link(
      MessageTemplate template) {
    String sms = render(template, Channel.SMS, request(template, template.variables())).text();

    if (template.answers().isEmpty()) {
      assertThat(sms).as(template.templateName()).doesNotContain(LINK);
    } else {
      assertThat(sms).as(template.templateName()).contains(LINK);
      assertThat(render(template, Channel.WHATSAPP, request(template, template.variables())).buttons())
          .extracting(Button::payload).containsExactlyElementsOf(template.answers().stream().map(Intent::name).toList());
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(MessageTemplate.class)
  void the_request_variables_the_catalogue_names_are_read_by_the_texts(MessageTemplate template) {
    ContactRequest with = request(template, template.variables());
    for (String variable : template.variables()) {
      Set<String> others = new TreeSet<>(template.variables());
      others.remove(variable);
      ContactRequest without = request(template, others);

      Throwable refused = catchThrowable(() -> render(template, Channel.SMS, without));
      if (refused == null) {
        assertThat(render(template, Channel.SMS, without).text()).as("%s without %s", template, variable)
            .isNotEqualTo(render(template, Channel.SMS, with).text());
      }
    }
  }

  @Test
  void the_confirmed_variants_are_named_after_their_template_and_offer_only_to_cancel() {
    for (MessageTemplate template : MessageTemplate.values()) {
      template.confirmedVariant().ifPresent(confirmed -> {
        assertThat(confirmed.templateName()).isEqualTo(template.templateName() + MessageTemplate.CONFIRMED_SUFFIX);
        assertThat(confirmed.purpose()).isEqualTo(template.purpose());
        assertThat(confirmed.answers()).containsExactly(Intent.CANCEL);
      });
    }
    assertThat(MessageTemplate.REMINDER.confirmedVariant()).hasValue(MessageTemplate.REMINDER_CONFIRMED);
  }

  private ContactRequest request(MessageTemplate template, Set<String> variables) {
    Map<String, String> values = new HashMap<>();
    variables.forEach(v -> values.put(v, VALUES.get(v)));
    return Requests.request("r-catalogue", "HCHM", template.templateName(), Channel.WHATSAPP)
        .setPurpose(template.purpose())
        .setVariables(values)
        .build();
  }

  private Rendering render(MessageTemplate template, Channel channel, ContactRequest request) {
    return library.render("HCHM", template.templateName(), channel, MessageVariables.of(request, channel, LINK,
        ZoneId.of("America/Santiago"), profiles.of("HCHM", request.getDetails())));
  }

  /** Template files as {@code <template>.<part>}. */
  private static Set<String> files(String pattern) throws IOException {
    Set<String> names = new TreeSet<>();
    for (Resource file : new PathMatchingResourcePatternResolver().getResources(pattern)) {
      names.add(file.getFilename().replace(".mustache", ""));
    }
    return names;
  }

  private static Map<String, Object> catalogYaml() throws IOException {
    try (InputStream in = TemplateCatalogueTest.class.getResourceAsStream("/templates/default/catalog.yml")) {
      return new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    }
  }
}
