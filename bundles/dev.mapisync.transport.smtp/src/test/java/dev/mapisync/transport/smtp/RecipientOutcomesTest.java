package dev.mapisync.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mapisync.api.Status;
import dev.mapisync.api.message.Recipient;
import dev.mapisync.api.transport.RecipientResult;
import dev.mapisync.api.transport.RecipientResult.Outcome;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import java.net.ConnectException;
import java.util.List;
import java.util.Map;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.junit.jupiter.api.Test;

/** How Angus Mail's verdicts become per-recipient results, with Angus Mail's own exception types. */
class RecipientOutcomesTest {

    private final Recipient bob = Recipient.smtp("bob@example.org");
    private final Recipient carol = Recipient.smtp("Carol@Example.org");
    private final Recipient dave = Recipient.smtp("dave@example.org");

    @Test
    void fourHundredsAreTransientFiveHundredsPermanent() {
        assertEquals(Outcome.TRANSIENT_FAILURE, RecipientOutcomes.byCode(451, "try later").outcome());
        assertEquals(Outcome.PERMANENT_FAILURE, RecipientOutcomes.byCode(550, "no such user").outcome());
        assertEquals(Status.QUOTA, RecipientOutcomes.byCode(552, "mailbox full").status());
    }

    @Test
    void eachRecipientGetsItsOwnVerdict() throws Exception {
        InternetAddress bobAddress = new InternetAddress("bob@example.org");
        InternetAddress carolAddress = new InternetAddress("carol@example.org");
        SMTPAddressFailedException carolBusy = new SMTPAddressFailedException(carolAddress, "RCPT TO", 452,
                "452 4.2.2 mailbox busy");
        SMTPAddressFailedException daveUnknown = new SMTPAddressFailedException(new InternetAddress("dave@example.org"),
                "RCPT TO", 550, "550 5.1.1 no such user");
        carolBusy.setNextException(daveUnknown);
        SendFailedException failure = new SendFailedException("some recipients failed", carolBusy,
                new Address[] {bobAddress}, new Address[0], new Address[] {carolAddress});
        Map<Recipient, RecipientResult> results = RecipientOutcomes.of(List.of(bob, carol, dave), failure);
        assertEquals(Outcome.ACCEPTED, results.get(bob).outcome());
        assertEquals(Outcome.TRANSIENT_FAILURE, results.get(carol).outcome());
        assertEquals("452 4.2.2 mailbox busy", results.get(carol).text());
        assertEquals(Outcome.PERMANENT_FAILURE, results.get(dave).outcome());
    }

    @Test
    void aBrokenConnectionIsTransient() {
        MessagingException broken = new MessagingException("Could not connect", new ConnectException("refused"));
        RecipientResult result = RecipientOutcomes.of(List.of(bob), broken).get(bob);
        assertEquals(Outcome.TRANSIENT_FAILURE, result.outcome());
        assertEquals(Status.NETWORK, result.status());
    }
}
