package dev.mapisync.api.transport;

import dev.mapisync.api.message.Recipient;
import java.util.Map;
import java.util.Objects;

/**
 * What became of one submitted message, recipient by recipient.
 *
 * <p>MAPI counterpart: the recipient table a transport updates after
 * {@code IXPLogon::SubmitMessage}, with delivery and non-delivery per recipient.
 * Immutable and thread-safe.
 *
 * @param results one result per recipient
 */
public record SubmitResult(Map<Recipient, RecipientResult> results) {

    /** @throws IllegalArgumentException if there is no result */
    public SubmitResult {
        Objects.requireNonNull(results, "SubmitResult: results are required");
        results = Map.copyOf(results);
        if (results.isEmpty()) {
            throw new IllegalArgumentException("SubmitResult: at least one recipient result is required");
        }
    }

    /** @return every recipient accepted the message */
    public boolean allAccepted() {
        return results.values().stream().allMatch(r -> r.outcome() == RecipientResult.Outcome.ACCEPTED);
    }
}
