package org.contactability.platform;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.contactability.console.application.Mailbox;
import org.contactability.notifier.adapters.mail.SmtpMailSender;

/**
 * The embedded platform's SMTP server (GreenMail, in process): the notifier sends e-mail to it over
 * real SMTP, and the patient-phone page reads each patient's mailbox from it.
 */
final class EmbeddedMail implements Mailbox, AutoCloseable {

  private static final Pattern ANCHOR = Pattern.compile("<a\\s[^>]*href=\"([^\"]+)\"[^>]*>(.*?)</a>",
      Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"]+");
  private static final Pattern INTENT = Pattern.compile("[?&]intent=([A-Z_]+)");
  private static final Pattern TAGS = Pattern.compile("<[^>]+>");

  private final GreenMail server;

  private EmbeddedMail(GreenMail server) {
    this.server = server;
  }

  static EmbeddedMail start(String host, int port) {
    GreenMail server = new GreenMail(new ServerSetup(port, host, ServerSetup.PROTOCOL_SMTP));
    server.start();
    return new EmbeddedMail(server);
  }

  int port() {
    return server.getSmtp().getPort();
  }

  @Override
  public List<Mail> messagesTo(String address) {
    String wanted = address.strip().toLowerCase(Locale.ROOT);
    List<Mail> mails = new ArrayList<>();
    for (MimeMessage message : server.getReceivedMessages()) {
      try {
        if (isFor(message, wanted)) {
          mails.add(read(message, wanted));
        }
      } catch (MessagingException | IOException e) {
        throw new IllegalStateException("Could not read an e-mail of the embedded SMTP server: " + e.getMessage(), e);
      }
    }
    mails.sort(Comparator.comparing(Mail::receivedAt));
    return mails;
  }

  @Override
  public void close() {
    server.stop();
  }

  private static boolean isFor(MimeMessage message, String address) throws MessagingException {
    Address[] recipients = message.getRecipients(Message.RecipientType.TO);
    if (recipients == null) {
      return false;
    }
    for (Address recipient : recipients) {
      if (recipient.toString().toLowerCase(Locale.ROOT).contains(address)) {
        return true;
      }
    }
    return false;
  }

  private static Mail read(MimeMessage message, String address) throws MessagingException, IOException {
    Parts parts = new Parts();
    collect(message, parts);
    List<String> links = new ArrayList<>();
    List<Mailbox.Button> buttons = new ArrayList<>();
    if (parts.html != null) {
      Matcher anchor = ANCHOR.matcher(parts.html);
      while (anchor.find()) {
        String href = anchor.group(1).replace("&amp;", "&");
        Matcher intent = INTENT.matcher(href);
        if (intent.find()) {
          links.add(href);
          buttons.add(new Mailbox.Button(intent.group(1), TAGS.matcher(anchor.group(2)).replaceAll("").strip()));
        }
      }
    }
    if (links.isEmpty() && parts.text != null) {
      Matcher url = URL.matcher(parts.text);
      while (url.find()) {
        links.add(url.group());
      }
    }
    Instant received = message.getSentDate() == null ? Instant.EPOCH : message.getSentDate().toInstant();
    return new Mail("email", address, parts.text, message.getSubject(), buttons, links, message.getMessageID(),
        header(message, SmtpMailSender.REQUEST_ID_HEADER), header(message, SmtpMailSender.HOSPITAL_HEADER),
        header(message, SmtpMailSender.TEMPLATE_HEADER), received, parts.calendar);
  }

  private static String header(MimeMessage message, String name) throws MessagingException {
    String[] values = message.getHeader(name);
    return values == null || values.length == 0 ? null : values[0];
  }

  private static void collect(Part part, Parts parts) throws MessagingException, IOException {
    if (part.isMimeType("text/plain") && parts.text == null && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
      parts.text = part.getContent().toString();
    } else if (part.isMimeType("text/html") && parts.html == null) {
      parts.html = part.getContent().toString();
    } else if (part.isMimeType("text/calendar")) {
      parts.calendar = true;
    } else if (part.isMimeType("multipart/*")) {
      Multipart multipart = (Multipart) part.getContent();
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart child = multipart.getBodyPart(i);
        collect(child, parts);
      }
    }
  }

  private static final class Parts {
    String text;
    String html;
    boolean calendar;
  }
}
