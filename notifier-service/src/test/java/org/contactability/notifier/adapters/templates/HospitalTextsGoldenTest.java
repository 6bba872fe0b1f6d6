package org.contactability.notifier.adapters.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.contactability.common.hospital.HospitalProfiles;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.MessageDetails;
import org.contactability.notifier.Requests;
import org.contactability.notifier.application.Button;
import org.contactability.notifier.application.MessageTemplates.Rendering;
import org.contactability.notifier.application.MessageTemplates.TemplateProblem;
import org.contactability.notifier.application.MessageVariables;
import org.contactability.notifier.testing.Composers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The texts reproduce what the hospitals send (DESIGN.md §1), word for word. "XYZ" is a hospital
 * without a profile: its texts take the hospital's name and phone from the request.
 */
class HospitalTextsGoldenTest {

  private static final String LINK = "https://l.hchm.cl/r/" + Requests.TOKEN;
  private static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");

  private final HospitalProfiles profiles = HospitalProfiles.shipped();
  private final MustacheTemplateLibrary library = Composers.library();

  private Rendering render(String hospital, String template, Channel channel, ContactRequest request) {
    return library.render(hospital, template, channel,
        MessageVariables.of(request, channel, LINK, SANTIAGO, profiles.of(hospital, request.getDetails())));
  }

  private Rendering render(String hospital, String template, Channel channel) {
    return render(hospital, template, channel, Requests.request("r-1", hospital, template, channel).build());
  }

  @Test
  void chillans_whatsapp_reminder_is_the_seed_text_word_for_word_with_its_two_buttons() {
    Rendering whatsapp = render("HCHM", "reminder", Channel.WHATSAPP);

    assertThat(whatsapp.text()).isEqualTo("Hola Juan Dionisio Soto Cabrera, el Hospital de Chillán le informa que"
        + " tiene una cita este 06 de mayo, a las 10:00 horas, con la Dra. Juanita Pérez Mellado de Medicina Interna,"
        + " en el Centro de Especialidades. Confirme o Cancele su cita presionando a continuación:");
    assertThat(whatsapp.buttons()).containsExactly(new Button("CONFIRM", "Confirme su cita"),
        new Button("CANCEL", "Cancele su cita"));
  }

  @Test
  void chillans_sms_reminder_is_the_same_text_with_a_plain_day_ending_with_the_answer_link() {
    Rendering sms = render("HCHM", "reminder", Channel.SMS);

    assertThat(sms.text()).isEqualTo("Hola Juan Dionisio Soto Cabrera, el Hospital de Chillán le informa que"
        + " tiene una cita este 6 de mayo, a las 10:00 horas, con la Dra. Juanita Pérez Mellado de Medicina Interna,"
        + " en el Centro de Especialidades. Confirme o cancele su asistencia aquí " + LINK);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"HCHM", "HLS"})
  void the_confirmation_answer_is_the_seed_text_word_for_word_with_the_sites_street_and_commune(String hospital) {
    assertThat(render(hospital, "confirmation-answer", Channel.WHATSAPP).text()).isEqualTo(
        "Cita confirmada para el 06 de mayo, a las 10:00 horas. Llegue 15 minutos antes de su hora."
            + " Dirección: Francisco Ramírez 10, Chillán. ¡Lo esperamos!");
    assertThat(render(hospital, "confirmation-answer", Channel.SMS).text()).isEqualTo(
        "Cita confirmada para el 6 de mayo, a las 10:00 horas. Llegue 15 minutos antes de su hora."
            + " Dirección: Francisco Ramírez 10, Chillán. ¡Lo esperamos!");
    ContactRequest laSerena = Requests.request("r-2", hospital, "confirmation-answer", Channel.WHATSAPP)
        .setDetails(MessageDetails.newBuilder(Requests.chillanAppointment()).setSiteAddress("Av. Balmaceda 916")
            .setSiteCommune("La Serena").build()).build();
    assertThat(render(hospital, "confirmation-answer", Channel.WHATSAPP, laSerena).text())
        .endsWith(" Dirección: Av. Balmaceda 916, La Serena. ¡Lo esperamos!");
  }

  @Test
  void a_confirmation_for_a_site_without_an_address_leaves_the_address_out_rather_than_failing() {
    ContactRequest request = Requests.request("r-2", "XYZ", "confirmation-answer", Channel.WHATSAPP)
        .setDetails(MessageDetails.newBuilder(Requests.chillanAppointment()).setSiteAddress(null).build()).build();

    assertThat(render("XYZ", "confirmation-answer", Channel.WHATSAPP, request).text()).isEqualTo(
        "Cita confirmada para el 06 de mayo, a las 10:00 horas. Llegue 15 minutos antes de su hora. ¡Lo esperamos!");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"HCHM", "HLS"})
  void the_cancellation_answer_is_the_seed_text_word_for_word(String hospital) {
    for (Channel channel : List.of(Channel.WHATSAPP, Channel.SMS)) {
      assertThat(render(hospital, "cancellation-answer", channel).text()).isEqualTo(
          "Su cita ha sido cancelada. Se notificará al profesional que no asistirá y su hora será asignada a otro"
              + " paciente en espera.");
    }
  }

  @Test
  void the_hospital_cancellation_reschedule_and_too_late_texts_name_the_appointment() {
    assertThat(render("XYZ", "hospital-cancellation-notice", Channel.WHATSAPP).text()).isEqualTo(
        "Hola Juan Dionisio Soto Cabrera, el Hospital de Chillán le informa que su cita del 06 de mayo, a las 10:00"
            + " horas, con la Dra. Juanita Pérez Mellado de Medicina Interna fue suspendida por motivos de fuerza"
            + " mayor. Lamentamos las molestias; el hospital se comunicará con usted para darle una nueva hora.");
    assertThat(render("XYZ", "reschedule-notice", Channel.SMS).text()).isEqualTo(
        "Hola Juan Dionisio Soto Cabrera, el Hospital de Chillán le informa que su cita fue cambiada para el"
            + " 6 de mayo, a las 10:00 horas, con la Dra. Juanita Pérez Mellado de Medicina Interna, en el Centro de"
            + " Especialidades. Confirme o cancele su asistencia aquí " + LINK);
    assertThat(render("XYZ", "too-late-answer", Channel.WHATSAPP).text()).isEqualTo(
        "El plazo para confirmar o cancelar por este medio su cita del 06 de mayo, a las 10:00 horas, ya venció."
            + " Si no podrá asistir, avise al hospital llamando al +56 42 258 6400.");
  }

  @Test
  void an_answer_to_a_message_about_a_former_time_names_the_current_time() {
    assertThat(render("HCHM", "rescheduled-answer", Channel.WHATSAPP).text()).isEqualTo(
        "Su cita fue cambiada: ahora es el 06 de mayo, a las 10:00 horas, con la Dra. Juanita Pérez Mellado de"
            + " Medicina Interna, en el Centro de Especialidades. Su respuesta al mensaje anterior no se aplicó; para"
            + " confirmar o cancelar la nueva hora, responda al mensaje más reciente que le enviamos. Consultas al"
            + " +56 42 000 0000.");
  }

  @Test
  void the_slot_offer_gives_its_deadline_in_hospital_time_and_offers_accept_or_decline() {
    ContactRequest offer = Requests.request("r-3", "XYZ", "slot-offer", Channel.WHATSAPP)
        .setVariables(Map.of("offerExpiresAt", "2026-05-04T22:00:00Z")).build();

    Rendering whatsapp = render("XYZ", "slot-offer", Channel.WHATSAPP, offer);

    assertThat(whatsapp.text()).isEqualTo("Hola Juan Dionisio Soto Cabrera, el Hospital de Chillán tiene disponible"
        + " una hora de Medicina Interna el 06 de mayo, a las 10:00 horas, con la Dra. Juanita Pérez Mellado, en el"
        + " Centro de Especialidades. Usted está en la lista de espera de esta atención. ¿Desea tomar esta hora?"
        + " Responda antes del 04 de mayo, a las 18:00 horas:");
    assertThat(whatsapp.buttons()).extracting(Button::payload).containsExactly("ACCEPT_OFFER", "DECLINE_OFFER");
  }

  @Test
  void the_still_needed_question_asks_with_yes_and_no_buttons() {
    Rendering whatsapp = render("XYZ", "still-needed-question", Channel.WHATSAPP);

    assertThat(whatsapp.text()).contains("¿Aún necesita esta atención?");
    assertThat(whatsapp.buttons()).extracting(Button::payload).containsExactly("STILL_NEEDED", "NOT_NEEDED");
  }

  @Test
  void which_appointment_lists_the_options_the_request_carries() {
    ContactRequest question = Requests.request("r-4", "XYZ", "which-appointment-question", Channel.SMS)
        .setVariables(Map.of("option1", "06 de mayo 10:00, Medicina Interna", "option2", "12 de mayo 08:30, Cardiología"))
        .build();

    assertThat(render("XYZ", "which-appointment-question", Channel.SMS, question).text()).isEqualTo(
        "Usted tiene más de una cita pendiente. Responda con el número de la cita a la que se refiere:\n"
            + "1. 06 de mayo 10:00, Medicina Interna\n2. 12 de mayo 08:30, Cardiología");
  }

  @Test
  void la_serena_words_its_own_reminder_with_its_name_and_buttons_and_takes_the_rest_from_the_default_set() {
    Rendering laSerena = render("HLS", "reminder", Channel.WHATSAPP);
    assertThat(laSerena.text()).isEqualTo("Hola Juan Dionisio Soto Cabrera, el Hospital de La Serena le recuerda su"
        + " cita del 06 de mayo, a las 10:00 horas, con la Dra. Juanita Pérez Mellado de Medicina Interna, en el"
        + " Centro de Especialidades. Por favor confirme o cancele su asistencia presionando a continuación:");
    assertThat(laSerena.buttons()).containsExactly(new Button("CONFIRM", "Confirmo"),
        new Button("CANCEL", "No podré asistir"));
    assertThat(render("HLS", "booking-notice", Channel.WHATSAPP).buttons()).containsExactly(
        new Button("CONFIRM", "Confirmo"), new Button("CANCEL", "No podré asistir"));
    assertThat(render("HLS", "cancellation-answer", Channel.SMS).text()).startsWith("Su cita ha sido cancelada.");
  }

  @Test
  void la_serenas_reminder_to_a_patient_who_confirmed_says_so_and_offers_only_to_cancel() {
    Rendering whatsapp = render("HLS", "reminder-confirmed", Channel.WHATSAPP);

    assertThat(whatsapp.text()).isEqualTo("Hola Juan Dionisio Soto Cabrera, el Hospital de La Serena le recuerda que"
        + " tiene una cita confirmada este 06 de mayo, a las 10:00 horas, con la Dra. Juanita Pérez Mellado de"
        + " Medicina Interna, en el Centro de Especialidades. Si no podrá asistir, aún puede cancelarla presionando a"
        + " continuación:");
    assertThat(whatsapp.buttons()).containsExactly(new Button("CANCEL", "No podré asistir"));
    assertThat(render("HLS", "reminder-confirmed", Channel.SMS).text()).endsWith(
        "Si no podrá asistir, aún puede cancelarla aquí " + LINK);
  }

  /** Every message that lets a patient answer has a variant for one who confirmed, on every channel. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"HCHM, booking-notice", "HCHM, reminder", "HCHM, reschedule-notice", "HLS, booking-notice",
      "HLS, reminder", "HLS, reschedule-notice"})
  void a_confirmed_patient_is_never_asked_to_confirm_again(String hospital, String template) {
    String confirmed = template + "-confirmed";
    String cancel = profiles.of(hospital).buttons().title("CANCEL").orElseThrow();
    for (Channel channel : List.of(Channel.WHATSAPP, Channel.SMS, Channel.VOICE, Channel.EMAIL)) {
      Rendering rendering = render(hospital, confirmed, channel,
          Requests.request("r-c", hospital, confirmed, channel).build());
      String all = rendering.text() + " " + rendering.subject() + " " + rendering.html();
      assertThat(all).as("%s on %s", confirmed, channel).contains("confirmada")
          .doesNotContainPattern("(?i)confirme|confirmar|presione 1");
      assertThat(rendering.buttons()).as("%s on %s", confirmed, channel)
          .isEqualTo(channel == Channel.SMS ? List.of() : List.of(new Button("CANCEL", cancel)));
      if (channel == Channel.EMAIL) {
        assertThat(all).contains(LINK + "?intent=CANCEL").doesNotContain("intent=CONFIRM");
      }
    }
    assertThat(render(hospital, confirmed, Channel.SMS).text()).endsWith(LINK);
    assertThat(render(hospital, confirmed, Channel.VOICE).text()).endsWith("presione 2 para cancelarla.");
  }

  @Test
  void whatsapp_templates_become_the_content_templates_to_get_approved_with_their_variables_in_order() {
    MustacheTemplateLibrary.ContentTemplate chillan = library.contentTemplate("HCHM", "reminder");

    assertThat(chillan.body()).isEqualTo("Hola {{1}}, el {{2}} le informa que tiene una cita este {{3}}, a las {{4}}"
        + " horas, con {{5}} de {{6}}, en el {{7}}. Confirme o Cancele su cita presionando a continuación:");
    assertThat(chillan.variables()).containsExactly("patientName", "hospitalName", "date", "time", "professional",
        "specialty", "siteName");
    assertThat(chillan.buttons()).extracting(Button::title).containsExactly("Confirme su cita", "Cancele su cita");
    assertThat(library.contentTemplate("HLS", "reminder").buttons()).extracting(Button::title)
        .containsExactly("Confirmo", "No podré asistir");

    Rendering whatsapp = render("HCHM", "reminder", Channel.WHATSAPP);
    assertThat(whatsapp.contentVariables()).containsExactly(Map.entry("1", "Juan Dionisio Soto Cabrera"),
        Map.entry("2", "Hospital de Chillán"), Map.entry("3", "06 de mayo"), Map.entry("4", "10:00"),
        Map.entry("5", "la Dra. Juanita Pérez Mellado"), Map.entry("6", "Medicina Interna"),
        Map.entry("7", "Centro de Especialidades"));
  }

  /** Answers go as session messages (the patient just wrote) and may have sections; these start conversations. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"booking-notice", "reminder", "reschedule-notice", "hospital-cancellation-notice",
      "slot-offer", "still-needed-question", "booking-notice-confirmed", "reminder-confirmed",
      "reschedule-notice-confirmed"})
  void every_business_initiated_whatsapp_text_can_be_a_content_template(String template) {
    assertThat(library.contentTemplate("XYZ", template).body()).doesNotStartWith("{{").doesNotEndWith("}}");
  }

  @Test
  void a_variable_the_request_lacks_is_named_in_the_problem() {
    ContactRequest request = Requests.request("r-6", "XYZ", "reminder", Channel.WHATSAPP)
        .setDetails(MessageDetails.newBuilder(Requests.chillanAppointment()).setProfessionalName(null).build()).build();

    assertThatThrownBy(() -> render("XYZ", "reminder", Channel.WHATSAPP, request))
        .isInstanceOf(TemplateProblem.class).hasMessageContaining("professional");
  }

  @Test
  void unknown_templates_and_path_tricks_are_refused() {
    assertThatThrownBy(() -> render("XYZ", "no-such-template", Channel.SMS)).isInstanceOf(TemplateProblem.class)
        .hasMessageContaining("no template 'no-such-template.sms'");
    assertThatThrownBy(() -> library.render("../etc", "reminder", Channel.SMS, Map.of()))
        .isInstanceOf(TemplateProblem.class);
    assertThatThrownBy(() -> library.render("HCHM", "../reminder", Channel.SMS, Map.of()))
        .isInstanceOf(TemplateProblem.class);
  }

  @Test
  void e_mails_have_a_subject_an_html_part_with_escaped_text_and_confirm_and_cancel_links() {
    ContactRequest request = Requests.request("r-7", "XYZ", "reminder", Channel.EMAIL)
        .setDetails(MessageDetails.newBuilder(Requests.chillanAppointment()).setPatientFullName("Juan <b>Soto</b>").build())
        .build();

    Rendering email = render("XYZ", "reminder", Channel.EMAIL, request);

    assertThat(email.subject()).isEqualTo("Recordatorio de su cita del 06 de mayo a las 10:00 horas");
    assertThat(email.html()).contains("Juan &lt;b&gt;Soto&lt;/b&gt;").doesNotContain("<b>Soto")
        .contains("href=\"" + LINK + "?intent=CONFIRM\"").contains(">Confirme su cita<")
        .contains("href=\"" + LINK + "?intent=CANCEL\"");
    assertThat(email.text()).contains("Confirme su cita: " + LINK + "?intent=CONFIRM")
        .contains("Cancele su cita: " + LINK + "?intent=CANCEL");
  }

  @Test
  void the_voice_script_says_which_digit_to_press() {
    assertThat(render("XYZ", "reminder", Channel.VOICE).text()).isEqualTo("Hola Juan Dionisio Soto Cabrera. El"
        + " Hospital de Chillán le informa que tiene una cita el miércoles 6 de mayo, a las 10:00 horas, con la Dra."
        + " Juanita Pérez Mellado de Medicina Interna, en el Centro de Especialidades. Para confirmar su cita,"
        + " presione 1. Para cancelarla, presione 2.");
  }
}
