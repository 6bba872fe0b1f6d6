package org.contactability.notifier.adapters.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.ContactPurpose;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.notifier.Requests;
import org.contactability.notifier.application.OutboundMessage;
import org.contactability.notifier.application.SendOutcome;
import org.contactability.notifier.application.TransientSendException;
import org.contactability.notifier.testing.Composers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** E-mail through a real in-process SMTP server (GreenMail): parts, links and the .ics attachment. */
class SmtpMailSenderTest {

  private static final GreenMail SMTP = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-02T14:00:00Z"), ZoneOffset.UTC);

  @BeforeAll
  static void start() {
    SMTP.start();
  }

  @AfterAll
  static void stop() {
    SMTP.stop();
  }

  private static SmtpMailSender sender(int port) {
    JavaMailSenderImpl mail = new JavaMailSenderImpl();
    mail.setHost("127.0.0.1");
    mail.setPort(port);
    mail.getJavaMailProperties().put("mail.smtp.connectiontimeout", "2000");
    return new SmtpMailSender(mail, hospital -> "Hospital de Chillán <citas@hchm.cl>", new CalendarInvites(CLOCK));
  }

  private static OutboundMessage email(String requestId, String template, ContactPurpose purpose) {
    return Composers.shipped().compose(Requests.request(requestId, "HCHM", template, Channel.EMAIL)
        .setPurpose(purpose).build(), "juan.soto@example.cl");
  }

  @Test
  void a_reminder_has_text_and_html_parts_with_the_links_and_the_appointment_as_ics() throws Exception {
    SendOutcome outcome = sender(SMTP.getSmtp().getPort()).send(email("R-mail-1", "reminder", ContactPurpose.REMINDER));

    assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Accepted.class, accepted -> {
      assertThat(accepted.status()).isEqualTo(DeliveryStatus.SENT);
      assertThat(accepted.providerMessageId()).startsWith("<").endsWith(">");
    });
    MimeMessage received = lastMessage("juan.soto@example.cl");
    assertThat(received.getFrom()[0].toString()).contains("citas@hchm.cl");
    assertThat(received.getHeader(SmtpMailSender.REQUEST_ID_HEADER)).containsExactly("R-mail-1");
    assertThat(received.getHeader(SmtpMailSender.TEMPLATE_HEADER)).containsExactly("reminder");
    assertThat(received.getHeader(SmtpMailSender.HOSPITAL_HEADER)).containsExactly("HCHM");
    assertThat(received.getSubject()).isEqualTo("Recordatorio de su cita del 06 de mayo a las 10:00 horas");
    List<Part> parts = leaves(received);
    String link = Composers.LINKS + "/r/" + Requests.TOKEN;
    assertThat(text(parts, "text/plain")).startsWith("Hola Juan Dionisio Soto Cabrera, el Hospital de Chillán")
        .contains("Confirme su cita: " + link + "?intent=CONFIRM")
        .contains("Cancele su cita: " + link + "?intent=CANCEL");
    assertThat(text(parts, "text/html")).contains("<a href=\"" + link + "?intent=CONFIRM\"")
        .contains("<a href=\"" + link + "?intent=CANCEL\"");
    Part ics = parts.stream().filter(p -> is(p, "text/calendar")).findFirst().orElseThrow();
    assertThat(ics.getFileName()).isEqualTo("cita.ics");
    assertThat(ics.getContentType()).contains("method=PUBLISH");
    String calendar = unfold(content(ics));
    assertThat(calendar).contains("BEGIN:VCALENDAR", "METHOD:PUBLISH", "BEGIN:VEVENT",
        "UID:appointment-A-1001@hchm.contactability", "SEQUENCE:1",
        // 6 May 2026 10:00 in Santiago (UTC-4 in May) is 14:00 UTC.
        "DTSTART:20260506T140000Z", "DTEND:20260506T143000Z",
        "SUMMARY:Cita de Medicina Interna - Hospital de Chillán",
        "LOCATION:Centro de Especialidades\\, Francisco Ramírez 10\\, Chillán",
        "STATUS:CONFIRMED");
  }

  @Test
  void a_cancellation_cancels_the_calendar_event_of_the_same_appointment() throws Exception {
    sender(SMTP.getSmtp().getPort()).send(email("R-mail-2", "cancellation-answer", ContactPurpose.CANCELLATION_ANSWER));

    Part ics = leaves(lastMessage("juan.soto@example.cl")).stream().filter(p -> is(p, "text/calendar")).findFirst()
        .orElseThrow();
    assertThat(unfold(content(ics))).contains("METHOD:CANCEL", "UID:appointment-A-1001@hchm.contactability",
        "STATUS:CANCELLED");
  }

  @Test
  void answers_without_an_appointment_time_carry_no_calendar() throws Exception {
    sender(SMTP.getSmtp().getPort()).send(email("R-mail-3", "still-needed-answer", ContactPurpose.STILL_NEEDED_ANSWER));

    assertThat(leaves(lastMessage("juan.soto@example.cl"))).noneMatch(p -> is(p, "text/calendar"));
  }

  @Test
  void every_copy_of_a_request_carries_the_same_message_id_and_smtp_cannot_be_asked() throws Exception {
    SmtpMailSender sender = sender(SMTP.getSmtp().getPort());
    OutboundMessage reminder = email("R-mail-5", "reminder", ContactPurpose.REMINDER);

    SendOutcome first = sender.send(reminder);
    SendOutcome again = sender.send(reminder);
    SendOutcome other = sender.send(email("R-mail-6", "reminder", ContactPurpose.REMINDER));

    String id = ((SendOutcome.Accepted) first).providerMessageId();
    assertThat(id).matches("<[0-9a-f-]{36}@hchm\\.cl>");
    assertThat(((SendOutcome.Accepted) again).providerMessageId()).isEqualTo(id);
    assertThat(((SendOutcome.Accepted) other).providerMessageId()).isNotEqualTo(id);
    SMTP.waitForIncomingEmail(5000, 3);
    List<String> copies = new ArrayList<>();
    for (MimeMessage received : SMTP.getReceivedMessagesForDomain("juan.soto@example.cl")) {
      if ("R-mail-5".equals(received.getHeader(SmtpMailSender.REQUEST_ID_HEADER)[0])) {
        copies.add(received.getMessageID());
      }
    }
    assertThat(copies).as("the mailbox sees two copies of one message").containsExactly(id, id);
    assertThat(sender.lookUp(reminder, Instant.EPOCH)).isEmpty();
  }

  @Test
  void an_unreachable_mail_server_is_a_transient_failure() {
    assertThatThrownBy(() -> sender(1).send(email("R-mail-4", "reminder", ContactPurpose.REMINDER)))
        .isInstanceOf(TransientSendException.class).hasMessageContaining("could not reach the mail server");
  }

  private static MimeMessage lastMessage(String to) throws Exception {
    SMTP.waitForIncomingEmail(5000, 1);
    MimeMessage[] all = SMTP.getReceivedMessagesForDomain(to);
    return all[all.length - 1];
  }

  private static List<Part> leaves(Part part) throws Exception {
    List<Part> leaves = new ArrayList<>();
    if (part.getContent() instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart child = multipart.getBodyPart(i);
        leaves.addAll(leaves(child));
      }
    } else {
      leaves.add(part);
    }
    return leaves;
  }

  private static boolean is(Part part, String type) {
    try {
      return part.isMimeType(type);
    } catch (Exception e) {
      return false;
    }
  }

  private static String text(List<Part> parts, String type) throws Exception {
    return content(parts.stream().filter(p -> is(p, type)).findFirst().orElseThrow());
  }

  private static String content(Part part) throws Exception {
    Object content = part.getContent();
    if (content instanceof String text) {
      return text;
    }
    try (InputStream in = (InputStream) content; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      in.transferTo(out);
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  /** iCalendar folds long lines (CRLF + space); unfold before matching. */
  private static String unfold(String ics) {
    return ics.replace("\r\n ", "").replace("\n ", "");
  }
}
