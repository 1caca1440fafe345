package dev.mapisync.api.host;

import dev.mapisync.api.Status;
import java.time.Instant;
import java.util.Objects;

/**
 * One error a task reported.
 *
 * <p>MAPI counterpart: an {@code IMAPISyncProgressCallback::Error} call as the Send/Receive
 * dialog lists it. Immutable and thread-safe.
 *
 * @param status what kind of error
 * @param text the provider's or host's words, for the user
 * @param at when it was reported
 */
public record TaskError(Status status, String text, Instant at) {

    /** @throws NullPointerException if a part is missing */
    public TaskError {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(at, "at");
    }
}
