package dev.mapisync.api.host;

import dev.mapisync.api.message.MessageId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A message waiting in the default store's Outbox, as the host sees it.
 *
 * <p>MAPI counterpart: a row of the Outbox contents table with {@code PR_SUBMIT_FLAGS} and
 * the spooler's last non-delivery reason. Immutable and thread-safe.
 *
 * @param id the message's id in the Outbox
 * @param subject its Subject header, empty if none
 * @param recipients its recipients as {@code TYPE:address}
 * @param state pending, held for a retry, or failed until the user retries it
 * @param reason the last failure's text, empty if none
 * @param attempts how many submissions were tried
 * @param nextAttempt when a held message is tried again
 */
public record OutboxEntry(MessageId id, String subject, List<String> recipients, State state, String reason,
        int attempts, Optional<Instant> nextAttempt) {

    /** Where a message stands. */
    public enum State {
        /** Waiting for the next drain. */
        PENDING,
        /** A transient failure: tried again at {@code nextAttempt}. */
        RETRYING,
        /** A permanent failure (or an unknown outcome): waits until the user retries it. */
        FAILED
    }

    /** @throws NullPointerException if a part is missing */
    public OutboxEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(nextAttempt, "nextAttempt");
        recipients = List.copyOf(recipients);
    }
}
