package org.contactability.notifier.adapters.mail;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.FailureKind;
import org.contactability.notifier.application.ChannelSender;
import org.contactability.notifier.application.OutboundMessage;
import org.contactability.notifier.application.SendOutcome;
import org.contactability.notifier.application.TransientSendException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * E-mail through SMTP (Spring's {@link JavaMailSender}): a text and an HTML alternative, the
 * confirm/cancel links in both, and the appointment as an .ics attachment. The relay's acceptance is
 * reported as SENT (SMTP says nothing about the mailbox); its Message-ID is the provider id. SMTP 5xx
 * replies refuse the recipient for good, 4xx replies and connection failures are retried.
 *
 * <p>SMTP cannot be asked whether it took a message, so a send in doubt (a timeout after the data was written, a
 * process stopped mid-send) is sent again; every copy of a request carries the same Message-ID, made from the
 * request id, so that mail clients and the hospital's relay can recognise a copy: at least once, with a stable id.
 */
public final class SmtpMailSender implements ChannelSender {

  /**
   * Headers of our own on every e-mail, so that a mailbox (the embedded platform's, a bounce handler)
   * can tie a message to its request like every other channel does. They carry ids, never patient data.
   */
  public static final String REQUEST_ID_HEADER = "X-Contactability-Request-Id";
  public static final String TEMPLATE_HEADER = "X-Contactability-Template";
  public static final String HOSPITAL_HEADER = "X-Contactability-Hospital";

  private final JavaMailSender mail;
  private final Function<String, String> fromOfHospital;
  private final CalendarInvites invites;

  /** @param fromOfHospital the From address of each hospital, e.g. "Hospital de Chillán <citas@hchm.cl>" */
  public SmtpMailSender(JavaMailSender mail, Function<String, String> fromOfHospital, CalendarInvites invites) {
    this.mail = mail;
    this.fromOfHospital = fromOfHospital;
    this.invites = invites;
  }

  @Override
  public String provider() {
    return "smtp";
  }

  @Override
  public SendOutcome send(OutboundMessage message) throws TransientSendException {
    String from = fromOfHospital.apply(message.hospitalCode());
    if (from == null || from.isBlank()) {
      // Our configuration, not the provider: retrying cannot help; parked for an operator, the plan falls back.
      return new SendOutcome.Rejected(DeliveryStatus.FAILED, null, FailureKind.TECHNICAL,
          "notifier.hospitals." + message.hospitalCode() + ".email-from is not configured");
    }
    MimeMessage mime;
    try {
      mime = mail.createMimeMessage();
      MimeMessageHelper helper = new MimeMessageHelper(mime, MimeMessageHelper.MULTIPART_MODE_MIXED,
          StandardCharsets.UTF_8.name());
      helper.setFrom(from);
      helper.setTo(message.to());
      helper.setSubject(message.subject());
      helper.setText(message.text(), message.html());
      // Kept by Spring's sender when set: the same for every copy of this request.
      mime.setHeader("Message-ID", messageId(message.requestId(), from));
      mime.setHeader(REQUEST_ID_HEADER, message.requestId());
      mime.setHeader(TEMPLATE_HEADER, message.template());
      mime.setHeader(HOSPITAL_HEADER, message.hospitalCode());
      if (message.calendar() != null) {
        byte[] ics = invites.ics(message.calendar()).getBytes(StandardCharsets.UTF_8);
        helper.addAttachment("cita.ics", new ByteArrayResource(ics),
            "text/calendar; charset=UTF-8; method=" + CalendarInvites.method(message.calendar()));
      }
    } catch (MessagingException e) {
      throw new IllegalStateException("could not build the e-mail of request " + message.requestId(), e);
    }
    try {
      mail.send(mime);
      return new SendOutcome.Accepted(mime.getMessageID(), DeliveryStatus.SENT, List.of());
    } catch (MailAuthenticationException e) {
      throw new TransientSendException(null, "the SMTP server refused the credentials", e);
    } catch (MailSendException e) {
      Integer code = replyCode(e);
      if (code != null && code >= 500) {
        return new SendOutcome.Rejected(DeliveryStatus.FAILED, code.toString(), FailureKind.PERMANENT,
            "the mail server refused the message or the recipient (SMTP " + code + ")");
      }
      throw new TransientSendException(code == null ? null : code.toString(), code == null
          ? "could not reach the mail server" : "the mail server deferred the message (SMTP " + code + ")", e);
    } catch (MailException e) {
      throw new TransientSendException(null, "could not send the e-mail: " + e.getClass().getSimpleName(), e);
    } catch (MessagingException e) {
      throw new IllegalStateException("JavaMail gave no Message-ID for request " + message.requestId(), e);
    }
  }

  /** Nothing to ask: SMTP keeps no record a sender can read. The message goes again under its Message-ID. */
  @Override
  public List<SendOutcome.Accepted> lookUp(OutboundMessage message, Instant since) {
    return List.of();
  }

  /** {@code <uuid-of-the-request-id@sender's domain>}: stable across copies, and it names no patient. */
  static String messageId(String requestId, String from) {
    String domain;
    try {
      String address = new InternetAddress(from).getAddress();
      domain = address.substring(address.indexOf('@') + 1);
    } catch (AddressException e) {
      domain = "contactability.invalid";
    }
    return "<" + UUID.nameUUIDFromBytes(requestId.getBytes(StandardCharsets.UTF_8)) + "@" + domain + ">";
  }

  /** The SMTP reply code behind a failed send, when the server gave one. */
  private static Integer replyCode(MailSendException e) {
    for (Exception failed : e.getFailedMessages().values()) {
      for (Throwable t = failed; t != null; t = t instanceof MessagingException m ? m.getNextException() : t.getCause()) {
        if (t instanceof SMTPAddressFailedException address) {
          return address.getReturnCode();
        }
        if (t instanceof SMTPSendFailedException send) {
          return send.getReturnCode();
        }
        if (t instanceof SendFailedException send && send.getInvalidAddresses() != null
            && send.getInvalidAddresses().length > 0 && t.getCause() == null && send.getNextException() == null) {
          return 550;
        }
      }
    }
    return null;
  }
}
