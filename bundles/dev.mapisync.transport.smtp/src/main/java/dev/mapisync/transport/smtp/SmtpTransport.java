package dev.mapisync.transport.smtp;

import dev.mapisync.api.Identity;
import dev.mapisync.api.Status;
import dev.mapisync.api.message.Recipient;
import dev.mapisync.api.transport.OutgoingMessage;
import dev.mapisync.api.transport.RecipientResult;
import dev.mapisync.api.transport.SubmitResult;
import dev.mapisync.api.transport.Transport;
import dev.mapisync.mail.support.SocketRecorder;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One SMTP account as a mapisync transport, on Eclipse Angus Mail. A factory component: each
 * configuration of PID {@code dev.mapisync.transport.smtp} is one account and one
 * {@link Transport} service. The message is sent as stored; the server's verdict is
 * reported per recipient (4xx and network failures transient, 5xx permanent, no answer to
 * the message's end unknown).
 */
@Component(service = Transport.class, configurationPid = SmtpTransport.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SmtpConfig.class, factory = true)
public final class SmtpTransport implements Transport {

    static final String PID = "dev.mapisync.transport.smtp";

    private final SmtpSettings settings;
    private final Session session;
    private final SocketRecorder sockets = new SocketRecorder();
    private final Identity identity;

    @Activate
    public SmtpTransport(SmtpConfig config) {
        this(SmtpSettings.from(config));
    }

    SmtpTransport(SmtpSettings settings) {
        this.settings = settings;
        this.session = MailSessions.session(settings, sockets);
        this.identity = new Identity("smtp:" + settings.account(),
                settings.account() + " (SMTP " + settings.host() + ":" + settings.port() + ")");
    }

    @Override
    public Identity identity() {
        return identity;
    }

    @Override
    public Set<String> addressTypes() {
        return Set.of(Recipient.SMTP);
    }

    @Override
    public SubmitResult submit(OutgoingMessage message) throws InterruptedException {
        if (settings.unresolvedSecret().isPresent()) {
            return new SubmitResult(RecipientOutcomes.all(message.recipients(), RecipientResult.permanentFailure(Status.LOGON,
                    settings + ": " + settings.unresolvedSecret().get())));
        }
        Map<Recipient, RecipientResult> results = new HashMap<>();
        List<Recipient> sendable = new ArrayList<>();
        List<Address> addresses = new ArrayList<>();
        for (Recipient recipient : message.recipients()) {
            try {
                addresses.add(new InternetAddress(recipient.address(), true));
                sendable.add(recipient);
            } catch (AddressException e) {
                results.put(recipient, RecipientResult.permanentFailure(Status.PROTOCOL,
                        "not an Internet mail address: " + e.getMessage()));
            }
        }
        if (!sendable.isEmpty()) {
            results.putAll(send(message, sendable, addresses.toArray(Address[]::new)));
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("SMTP submission of " + message.id() + " interrupted");
        }
        return new SubmitResult(results);
    }

    private Map<Recipient, RecipientResult> send(OutgoingMessage message, List<Recipient> recipients, Address[] to) {
        try (InputStream content = new BufferedInputStream(message.content().open())) {
            return MailSessions.<Map<Recipient, RecipientResult>, MessagingException>withMailClassLoader(() -> {
                SMTPMessage mime = new SMTPMessage(session, content);
                if (!message.sender().isBlank()) {
                    mime.setEnvelopeFrom(message.sender());
                }
                sockets.forget();
                FinalDotTransport transport = new FinalDotTransport(session, settings, sockets);
                try (transport) {
                    if (settings.user().isEmpty()) {
                        transport.connect();
                    } else {
                        transport.connect(settings.host(), settings.port(), settings.user(), new String(settings.password()));
                    }
                    // Bcc is left out of what is written (Angus Mail's SMTP transport skips it).
                    transport.sendMessage(mime, to);
                } catch (MessagingException e) {
                    return transport.endSent() ? RecipientOutcomes.afterTheEnd(recipients, e)
                            : RecipientOutcomes.of(recipients, e);
                } finally {
                    sockets.forget();
                }
                return RecipientOutcomes.all(recipients, RecipientResult.accepted());
            });
        } catch (MessagingException e) {
            return RecipientOutcomes.of(recipients, e);
        } catch (IOException e) {
            return RecipientOutcomes.all(recipients, RecipientResult.transientFailure(Status.PROVIDER_FAULT,
                    "the message cannot be read from the Outbox: " + e.getMessage()));
        }
    }

    @Override
    public String toString() {
        return settings.toString();
    }
}
