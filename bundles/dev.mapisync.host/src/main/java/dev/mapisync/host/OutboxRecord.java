package dev.mapisync.host;

import java.util.Set;

/**
 * The host's durable note about one Outbox message: where its submission stands, which
 * recipients accepted it already, and why it waits.
 *
 * @param messageId the message's id in the Outbox
 * @param state where it stands
 * @param attempts submissions tried
 * @param accepted recipients ({@code TYPE:address}) that accepted it; never sent to again
 * @param reason the last failure, empty if none
 * @param nextAttemptMillis when a {@link State#RETRYING} message is tried again (epoch ms)
 */
record OutboxRecord(String messageId, State state, int attempts, Set<String> accepted, String reason,
        long nextAttemptMillis) {

    enum State {
        /** Written before a transport is called: found after a crash, the outcome is unknown. */
        SUBMITTING,
        /** Every recipient accepted it; it only has to move to Sent Items. */
        ACCEPTED,
        /** A transient failure: tried again at {@code nextAttemptMillis}. */
        RETRYING,
        /** No transport serves (some of) its address types yet: tried again at every drain, as one may have come. */
        WAITING,
        /** A permanent failure or unknown outcome: waits for the user's retry. */
        FAILED
    }

    OutboxRecord {
        accepted = Set.copyOf(accepted);
        reason = reason == null ? "" : reason;
    }

    static OutboxRecord fresh(String messageId) {
        return new OutboxRecord(messageId, State.RETRYING, 0, Set.of(), "", 0);
    }

    OutboxRecord with(State newState, String newReason) {
        return new OutboxRecord(messageId, newState, attempts, accepted, newReason, nextAttemptMillis);
    }
}
