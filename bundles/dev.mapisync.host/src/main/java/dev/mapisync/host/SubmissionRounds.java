package dev.mapisync.host;

import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.message.Recipient;
import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.store.StoreException;
import dev.mapisync.api.store.WellKnownFolder;
import dev.mapisync.api.transport.OutgoingMessage;
import dev.mapisync.api.transport.RecipientResult;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One message to one transport's recipients, in as many transactions as the server's
 * partial acceptances call for, with the journal written durably before and after each.
 */
final class SubmissionRounds {

    private final OutboxJournal journal;
    private final TransportCall transportCall;

    SubmissionRounds(OutboxJournal journal, TransportCall transportCall) {
        this.journal = journal;
        this.transportCall = transportCall;
    }

    /**
     * Submits to one transport's recipients; when the server took some and put the others off
     * (SMTP's 452 for too many recipients in one transaction), the others go at once in a new
     * transaction instead of waiting for the backoff. Bounded: a further round follows only a
     * round that was accepted by someone, so the recipients left shrink with every round.
     */
    void submit(TransportTable.Entry transport, MessageStore store, MessageId id, Envelope envelope,
            List<Recipient> recipients, SubmissionTally tally, int attempts, Duration timeout)
            throws IOException, InterruptedException {
        List<Recipient> left = recipients;
        while (!left.isEmpty()) {
            // Durable before the call: a crash during it must not lead to a second send.
            journal.write(new OutboxRecord(id.value(), OutboxRecord.State.SUBMITTING, attempts, tally.accepted(), "", 0));
            Map<Recipient, RecipientResult> results = call(transport, store, id, envelope, left, timeout);
            List<Recipient> putOff = new ArrayList<>();
            boolean someAccepted = false;
            for (Recipient recipient : left) {
                RecipientResult result = results.get(recipient);
                someAccepted |= result.outcome() == RecipientResult.Outcome.ACCEPTED;
                if (result.outcome() == RecipientResult.Outcome.TRANSIENT_FAILURE) {
                    putOff.add(recipient);
                } else {
                    tally.add(recipient, result);
                }
            }
            journal.write(new OutboxRecord(id.value(), OutboxRecord.State.SUBMITTING, attempts, tally.accepted(), "", 0));
            if (!someAccepted || putOff.size() == left.size()) {
                putOff.forEach(r -> tally.add(r, results.get(r)));
                return;
            }
            left = putOff;
        }
    }

    /** @return each recipient's result of one call of the transport, the outcome unknown where it could not tell */
    private Map<Recipient, RecipientResult> call(TransportTable.Entry transport, MessageStore store, MessageId id,
            Envelope envelope, List<Recipient> recipients, Duration timeout) throws InterruptedException {
        OutgoingMessage message = new OutgoingMessage(id, envelope.sender(), recipients, () -> {
            try {
                return store.openMessage(WellKnownFolder.OUTBOX.path(), id);
            } catch (StoreException e) {
                throw new IOException(e.getMessage(), e);
            }
        });
        return transportCall.submit(transport, message, timeout);
    }
}
