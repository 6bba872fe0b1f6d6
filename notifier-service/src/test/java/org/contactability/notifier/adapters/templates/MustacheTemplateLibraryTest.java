package org.contactability.notifier.adapters.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.contactability.common.hospital.HospitalProfiles;
import org.contactability.contracts.common.Channel;
import org.contactability.notifier.application.MessageTemplates.Rendering;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * The placeholders of a WhatsApp text (the values of {{1}}, {{2}}, ... sent with a Content template) are worked out
 * once per template file: what is kept must never carry one request's values into another's, nor one hospital's text
 * into another's.
 */
class MustacheTemplateLibraryTest {

  @TempDir
  Path templates;

  private MustacheTemplateLibrary library;

  @BeforeEach
  void templates() throws IOException {
    write("default/greeting.whatsapp.mustache",
        "Hola {{patientName}}, su cita es el {{date}}. Hola otra vez, {{patientName}}.");
    write("HLS/greeting.whatsapp.mustache", "El {{date}}, {{patientName}}, en {{siteName}}.");
    write("default/sectioned.whatsapp.mustache", "Hola{{#patientName}} {{patientName}}{{/patientName}}.");
    write("default/_layout.email-html.mustache", "<p>{{body}}</p>");
    write("default/catalog.yml", "greeting:\n  subject: \"Su cita del {{date}}\"\n");
    write("HLS/catalog.yml", "greeting:\n  subject: \"{{hospitalName}}: cita del {{date}}\"\n");
    library = new MustacheTemplateLibrary(new DefaultResourceLoader(), List.of(templates.toUri().toString()),
        HospitalProfiles.shipped());
  }

  @Test
  void each_rendering_sends_its_own_request_values_for_the_placeholders() {
    Rendering first = library.render("HCHM", "greeting", Channel.WHATSAPP,
        Map.of("patientName", "Juan Soto", "date", "06 de mayo"));
    Rendering second = library.render("HCHM", "greeting", Channel.WHATSAPP,
        Map.of("patientName", "Ana Rojas", "date", "07 de mayo"));

    assertThat(first.contentVariables()).containsExactly(Map.entry("1", "Juan Soto"), Map.entry("2", "06 de mayo"));
    assertThat(second.contentVariables()).containsExactly(Map.entry("1", "Ana Rojas"), Map.entry("2", "07 de mayo"));
    assertThat(second.text()).isEqualTo("Hola Ana Rojas, su cita es el 07 de mayo. Hola otra vez, Ana Rojas.");
  }

  @Test
  void a_hospitals_own_text_has_its_own_placeholders_and_the_default_set_keeps_its() {
    Map<String, Object> variables = Map.of("patientName", "Juan Soto", "date", "06 de mayo", "siteName", "CDT");

    Rendering laSerena = library.render("HLS", "greeting", Channel.WHATSAPP, variables);
    Rendering chillan = library.render("HCHM", "greeting", Channel.WHATSAPP, variables);
    Rendering laSerenaAgain = library.render("HLS", "greeting", Channel.WHATSAPP, variables);

    assertThat(laSerena.contentVariables()).containsExactly(Map.entry("1", "06 de mayo"), Map.entry("2", "Juan Soto"),
        Map.entry("3", "CDT"));
    assertThat(chillan.contentVariables()).containsExactly(Map.entry("1", "Juan Soto"), Map.entry("2", "06 de mayo"));
    assertThat(laSerenaAgain.contentVariables()).isEqualTo(laSerena.contentVariables());
    assertThat(library.contentTemplate("HLS", "greeting").variables()).containsExactly("date", "patientName",
        "siteName");
  }

  @Test
  void a_text_with_sections_renders_every_time_and_has_no_placeholders() {
    Rendering named = library.render("HCHM", "sectioned", Channel.WHATSAPP, Map.of("patientName", "Juan Soto"));
    Rendering unnamed = library.render("HCHM", "sectioned", Channel.WHATSAPP, Map.of());

    assertThat(named.text()).isEqualTo("Hola Juan Soto.");
    assertThat(unnamed.text()).isEqualTo("Hola.");
    assertThat(named.contentVariables()).isEmpty();
    assertThat(unnamed.contentVariables()).isEmpty();
  }

  @Test
  void each_e_mail_subject_is_its_hospitals_and_carries_its_own_request_values() {
    Rendering first = library.render("HCHM", "greeting", Channel.EMAIL,
        Map.of("patientName", "Juan Soto", "date", "06 de mayo", "hospitalName", "Hospital de Chillán"));
    Rendering second = library.render("HCHM", "greeting", Channel.EMAIL,
        Map.of("patientName", "Ana Rojas", "date", "07 de mayo", "hospitalName", "Hospital de Chillán"));
    Rendering laSerena = library.render("HLS", "greeting", Channel.EMAIL,
        Map.of("patientName", "Ana Rojas", "date", "07 de mayo", "siteName", "CDT", "hospitalName",
            "Hospital de La Serena"));

    assertThat(first.subject()).isEqualTo("Su cita del 06 de mayo");
    assertThat(second.subject()).isEqualTo("Su cita del 07 de mayo");
    assertThat(laSerena.subject()).isEqualTo("Hospital de La Serena: cita del 07 de mayo");
  }

  private void write(String file, String text) throws IOException {
    Path path = templates.resolve(file);
    Files.createDirectories(path.getParent());
    Files.writeString(path, text, StandardCharsets.UTF_8);
  }
}
