package dev.mapisync.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapisync.api.Status;
import dev.mapisync.api.message.Recipient;
import dev.mapisync.api.transport.RecipientResult;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The record a submission leaves: an unknown outcome is held, never retried by itself; reasons stay short. */
class SubmissionTallyTest {

    private static final OutboxRecord FRESH = OutboxRecord.fresh("m1");

    @Test
    void anUnknownOutcomeHoldsTheMessageEvenBesideTransientFailures() {
        SubmissionTally tally = new SubmissionTally(Set.of());
        tally.served();
        tally.add(Recipient.smtp("a@x.test"), RecipientResult.unknown(Status.TIMEOUT, "no answer to the final dot"));
        tally.add(Recipient.smtp("b@x.test"), RecipientResult.transientFailure(Status.NETWORK, "451 busy"));
        tally.add(Recipient.smtp("c@x.test"), RecipientResult.accepted());
        OutboxRecord next = tally.next(FRESH, 1, 99);
        assertEquals(OutboxRecord.State.FAILED, next.state(), "held for the user, not RETRYING");
        assertTrue(next.reason().startsWith(SubmissionTally.UNCERTAIN), next.reason());
        assertTrue(next.reason().contains("SMTP:a@x.test: no answer to the final dot"), next.reason());
        assertTrue(next.reason().contains("SMTP:b@x.test: 451 busy"), next.reason());
        assertEquals(Set.of("SMTP:c@x.test"), next.accepted(), "who took it is kept: never sent to again");
    }

    @Test
    void transientFailuresAloneAreRetriedAfterTheBackoff() {
        SubmissionTally tally = new SubmissionTally(Set.of("SMTP:c@x.test"));
        tally.served();
        tally.add(Recipient.smtp("b@x.test"), RecipientResult.transientFailure(Status.NETWORK, "451 busy"));
        OutboxRecord next = tally.next(FRESH, 2, 12_345);
        assertEquals(OutboxRecord.State.RETRYING, next.state());
        assertEquals(12_345, next.nextAttemptMillis());
        assertEquals(Set.of("SMTP:c@x.test"), next.accepted());
    }

    @Test
    void aThousandRefusalsMakeOneShortReason() {
        SubmissionTally tally = new SubmissionTally(Set.of());
        tally.served();
        for (int i = 0; i < 1_000; i++) {
            tally.add(Recipient.smtp("r" + i + "@x.test"), RecipientResult.transientFailure(Status.NETWORK,
                    "452 4.5.3 too many recipients"));
        }
        tally.add(Recipient.smtp("odd@x.test"), RecipientResult.transientFailure(Status.NETWORK, "421 closing"));
        String reason = tally.next(FRESH, 1, 0).reason();
        assertEquals("SMTP:r0@x.test, SMTP:r1@x.test, SMTP:r2@x.test and 997 more: 452 4.5.3 too many recipients; "
                + "SMTP:odd@x.test: 421 closing", reason);
    }

    @Test
    void onlyTheFirstFewReasonsAreTold() {
        RecipientReasons reasons = new RecipientReasons();
        for (int i = 0; i < 50; i++) {
            reasons.add("SMTP:u" + i + "@x.test", "550 5.1.1 user u" + i + " unknown");
        }
        String told = reasons.toString();
        assertTrue(told.endsWith("; and 47 more recipients for other reasons"), told);
        assertTrue(told.length() < 300, told);
    }

    @Test
    void waitingForATransportCountsNoAttempt() {
        SubmissionTally tally = new SubmissionTally(Set.of());
        tally.unserved("FAX", List.of(new Recipient("FAX", "+4930123")));
        OutboxRecord next = tally.next(FRESH, 1, 0);
        assertEquals(OutboxRecord.State.WAITING, next.state());
        assertEquals(0, next.attempts());
        assertTrue(next.reason().contains("no transport serves address type FAX"), next.reason());
    }
}
