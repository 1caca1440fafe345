package dev.mapisync.host;

import dev.mapisync.api.message.Recipient;
import dev.mapisync.api.transport.RecipientResult;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one drain's submission of a message came to, recipient by recipient, and the journal
 * record that follows from it: all accepted; an unknown outcome held for the user (the server
 * may have the message); a permanent failure held for the user; a transient one retried after
 * a backoff; no transport yet, waiting for one.
 */
final class SubmissionTally {

    static final String UNCERTAIN = "the outcome is unknown; a server may have accepted it, so it is not sent again "
            + "unless you retry it";

    private final Set<String> accepted;
    private final RecipientReasons unknown = new RecipientReasons();
    private final RecipientReasons permanent = new RecipientReasons();
    private final RecipientReasons transientOnes = new RecipientReasons();
    private final RecipientReasons unserved = new RecipientReasons();
    private int servedTypes;

    /** @param accepted the recipients ({@code TYPE:address}) that accepted the message in earlier drains */
    SubmissionTally(Set<String> accepted) {
        this.accepted = new LinkedHashSet<>(accepted);
    }

    void add(Recipient recipient, RecipientResult result) {
        switch (result.outcome()) {
            case ACCEPTED -> accepted.add(recipient.toString());
            case UNKNOWN -> unknown.add(recipient.toString(), result.text());
            case PERMANENT_FAILURE -> permanent.add(recipient.toString(), result.text());
            case TRANSIENT_FAILURE -> transientOnes.add(recipient.toString(), result.text());
        }
    }

    void served() {
        servedTypes++;
    }

    void unserved(String addressType, List<Recipient> recipients) {
        recipients.forEach(r -> unserved.add(r.toString(), "no transport serves address type " + addressType
                + " yet; it is sent when one does"));
    }

    Set<String> accepted() {
        return Set.copyOf(accepted);
    }

    boolean allAccepted() {
        return unknown.isEmpty() && permanent.isEmpty() && transientOnes.isEmpty() && unserved.isEmpty();
    }

    /**
     * @param previous the record the drain started from
     * @param attempts the attempt this was
     * @param retryAt when a transient failure is tried again (epoch ms)
     * @return the record to keep; {@link OutboxRecord.State#ACCEPTED} if every recipient took it
     */
    OutboxRecord next(OutboxRecord previous, int attempts, long retryAt) {
        String id = previous.messageId();
        if (allAccepted()) {
            return new OutboxRecord(id, OutboxRecord.State.ACCEPTED, attempts, accepted, "", 0);
        }
        if (!unknown.isEmpty()) {
            // The server may hold the message already: only the user may decide to send it again.
            return new OutboxRecord(id, OutboxRecord.State.FAILED, attempts, accepted,
                    UNCERTAIN + ": " + told(unknown, permanent, transientOnes, unserved), 0);
        }
        if (!permanent.isEmpty()) {
            return new OutboxRecord(id, OutboxRecord.State.FAILED, attempts, accepted,
                    told(permanent, transientOnes, unserved), 0);
        }
        if (transientOnes.isEmpty()) {
            // Only waiting for a transport: no attempt is counted while none could take it.
            int tried = servedTypes == 0 ? previous.attempts() : attempts;
            return new OutboxRecord(id, OutboxRecord.State.WAITING, tried, accepted, unserved.toString(), 0);
        }
        return new OutboxRecord(id, OutboxRecord.State.RETRYING, attempts, accepted, told(transientOnes, unserved),
                retryAt);
    }

    private static String told(RecipientReasons... reasons) {
        StringBuilder text = new StringBuilder();
        for (RecipientReasons r : reasons) {
            if (!r.isEmpty()) {
                text.append(text.length() == 0 ? "" : "; ").append(r);
            }
        }
        return text.toString();
    }
}
