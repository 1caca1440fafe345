package dev.mapisync.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapisync.api.Status;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.message.Recipient;
import dev.mapisync.api.transport.OutgoingMessage;
import dev.mapisync.api.transport.RecipientResult;
import dev.mapisync.api.transport.SubmitResult;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server's answer to the end of a message: it gets the DATA reply timeout, not the
 * command timeout, and when it never comes the outcome is unknown, never a failure worth a
 * second send.
 */
class FinalReplyTest {

    private static final Recipient BOB = Recipient.smtp("bob@example.org");
    private static final Recipient CAROL = Recipient.smtp("carol@example.org");

    private final ScriptedSmtp server;

    FinalReplyTest() throws Exception {
        server = new ScriptedSmtp();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private SubmitResult submit(int timeoutMillis, int dataTimeoutMillis, List<Recipient> recipients) throws Exception {
        TestConfig config = new TestConfig();
        config.port = server.port();
        config.timeoutMillis = timeoutMillis;
        config.dataTimeoutMillis = dataTimeoutMillis;
        byte[] bytes = "From: ada@example.org\r\nTo: bob@example.org\r\nSubject: slow\r\n\r\nHello.\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        OutgoingMessage message = new OutgoingMessage(new MessageId("m1"), "ada@example.org", recipients,
                () -> new ByteArrayInputStream(bytes));
        return new SmtpTransport(SmtpSettings.from(config)).submit(message);
    }

    @Test
    void aSlowAnswerToTheFinalDotIsWaitedForBeyondTheCommandTimeout() throws Exception {
        server.finalReplyAfter(Duration.ofMillis(1_500), ScriptedSmtp.AtTheEnd.ANSWER);
        SubmitResult result = submit(1_000, 600_000, List.of(BOB));
        assertTrue(result.allAccepted(), result.toString());
        assertEquals(1, server.taken().size(), "taken once");
    }

    @Test
    void noAnswerToTheFinalDotInTimeIsAnUnknownOutcome() throws Exception {
        server.finalReplyAfter(Duration.ofMillis(2_000), ScriptedSmtp.AtTheEnd.ANSWER);
        RecipientResult result = submit(5_000, 300, List.of(BOB, CAROL)).results().get(BOB);
        assertEquals(RecipientResult.Outcome.UNKNOWN, result.outcome(), result.toString());
        assertEquals(Status.TIMEOUT, result.status());
        assertTrue(result.text().contains("may have accepted it"), result.text());
        assertEquals(1, server.taken().size(), "the server holds the message: that is why the outcome is unknown");
    }

    @Test
    void aConnectionThatEndsAfterTheFinalDotIsAnUnknownOutcome() throws Exception {
        server.finalReplyAfter(Duration.ZERO, ScriptedSmtp.AtTheEnd.HANG_UP);
        SubmitResult result = submit(5_000, 600_000, List.of(BOB, CAROL));
        for (Recipient recipient : List.of(BOB, CAROL)) {
            assertEquals(RecipientResult.Outcome.UNKNOWN, result.results().get(recipient).outcome(), result.toString());
        }
    }

    @Test
    void aRecipientRefusedBeforeTheDataKeepsItsOwnOutcome() throws Exception {
        server.recipientsPerTransaction(1).finalReplyAfter(Duration.ZERO, ScriptedSmtp.AtTheEnd.HANG_UP);
        SubmitResult result = submit(5_000, 600_000, List.of(BOB, CAROL));
        assertEquals(RecipientResult.Outcome.UNKNOWN, result.results().get(BOB).outcome(), result.toString());
        assertEquals(RecipientResult.Outcome.TRANSIENT_FAILURE, result.results().get(CAROL).outcome(), result.toString());
    }

    @Test
    void aTimeoutBeforeTheMessageWentOutIsAnOrdinaryTransientFailure() throws Exception {
        // A silent server, not a closed port: a closed port's number may be anyone's by now.
        server.silent();
        RecipientResult result = submit(1_000, 600_000, List.of(BOB)).results().get(BOB);
        assertEquals(RecipientResult.Outcome.TRANSIENT_FAILURE, result.outcome(), result.toString());
        assertTrue(server.taken().isEmpty(), "nothing reached the server");
    }
}
