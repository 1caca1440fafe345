package dev.mapisync.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mapisync.api.Status;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.message.Recipient;
import dev.mapisync.api.transport.OutgoingMessage;
import dev.mapisync.api.transport.RecipientResult;
import dev.mapisync.api.transport.SubmitResult;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SMTP transport against GreenMail on 127.0.0.1. */
class SmtpTransportTest {

    private static final String BODY = "Hello Bob,\r\n\r\nthe plans are attached in spirit.\r\n";
    private static final String MESSAGE = "From: Ada <ada@example.org>\r\n"
            + "To: Bob <bob@example.org>\r\n"
            + "Bcc: carol@example.org\r\n"
            + "Subject: Plans\r\n"
            + "Message-ID: <plans-1@example.org>\r\n"
            + "\r\n" + BODY;

    private GreenMail greenMail;

    @BeforeEach
    void startServer() {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("ada@example.org", "ada", "right"));
        greenMail.start();
    }

    @AfterEach
    void stopServer() {
        greenMail.stop();
    }

    private SmtpTransport transport(String user, String password) {
        TestConfig config = new TestConfig();
        config.port = greenMail.getSmtp().getPort();
        config.user = user;
        config.password = password;
        return new SmtpTransport(SmtpSettings.from(config));
    }

    private static OutgoingMessage message(List<Recipient> recipients) {
        byte[] bytes = MESSAGE.getBytes(StandardCharsets.UTF_8);
        return new OutgoingMessage(new MessageId("m1"), "ada@example.org", recipients, () -> new ByteArrayInputStream(bytes));
    }

    @Test
    void sendsToEveryRecipientAsStoredAndLeavesBccOut() throws Exception {
        Recipient bob = Recipient.smtp("bob@example.org");
        Recipient carol = Recipient.smtp("carol@example.org");
        SubmitResult result = transport("ada", "right").submit(message(List.of(bob, carol)));
        assertTrue(result.allAccepted(), result.toString());
        assertTrue(greenMail.waitForIncomingEmail(5_000, 2));
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertEquals(2, received.length);
        for (MimeMessage mail : received) {
            assertEquals("Plans", mail.getSubject());
            assertEquals("<plans-1@example.org>", mail.getMessageID());
            assertNull(mail.getHeader("Bcc"), "Bcc never reaches the server");
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            mail.getRawInputStream().transferTo(body);
            // GreenMail keeps the CRLF before DATA's closing dot as part of the terminator, not of the body.
            String expected = BODY.substring(0, BODY.length() - 2);
            assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), body.toByteArray());
        }
    }

    @Test
    void wrongCredentialsArePermanentLogonFailures() throws Exception {
        Recipient bob = Recipient.smtp("bob@example.org");
        RecipientResult result = transport("ada", "wrong").submit(message(List.of(bob))).results().get(bob);
        assertEquals(RecipientResult.Outcome.PERMANENT_FAILURE, result.outcome());
        assertEquals(Status.LOGON, result.status());
        assertTrue(!result.text().contains("wrong"), "the password never shows: " + result.text());
    }

    @Test
    void anUnresolvedPasswordIsNeverSentEvenWhereItWouldWork() throws Exception {
        // The server would take the literal text as the password: a transport that sent it would deliver.
        greenMail.getUserManager().createUser("eve@example.org", "eve", "$[secret:smtp-work]");
        Recipient bob = Recipient.smtp("bob@example.org");
        RecipientResult result = transport("eve", "$[secret:smtp-work]").submit(message(List.of(bob))).results().get(bob);
        assertEquals(RecipientResult.Outcome.PERMANENT_FAILURE, result.outcome());
        assertEquals(Status.LOGON, result.status());
        assertTrue(result.text().contains("password is $[secret:smtp-work], which ConfigAdmin did not resolve"),
                result.text());
        assertEquals(0, greenMail.getReceivedMessages().length, "nothing was sent");
    }

    @Test
    void anUnreachableServerIsATransientNetworkFailure() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        TestConfig config = new TestConfig();
        config.port = closedPort;
        Recipient bob = Recipient.smtp("bob@example.org");
        RecipientResult result = new SmtpTransport(SmtpSettings.from(config)).submit(message(List.of(bob))).results()
                .get(bob);
        assertEquals(RecipientResult.Outcome.TRANSIENT_FAILURE, result.outcome());
        assertEquals(Status.NETWORK, result.status());
    }

    @Test
    void aMalformedAddressIsPermanentAndTheOthersGo() throws Exception {
        Recipient bad = Recipient.smtp("not an address@@");
        Recipient bob = Recipient.smtp("bob@example.org");
        SubmitResult result = transport("ada", "right").submit(message(List.of(bad, bob)));
        assertEquals(RecipientResult.Outcome.PERMANENT_FAILURE, result.results().get(bad).outcome());
        assertEquals(RecipientResult.Outcome.ACCEPTED, result.results().get(bob).outcome());
    }
}
