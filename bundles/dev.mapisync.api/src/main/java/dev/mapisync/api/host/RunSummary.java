package dev.mapisync.api.host;

import dev.mapisync.api.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How one finished run of a task ended.
 *
 * <p>MAPI counterpart: the {@code HRESULT} of {@code IMAPISyncProgressCallback::Done} with
 * the time it took. Immutable and thread-safe.
 *
 * @param status the final status
 * @param started when it started
 * @param duration how long it took
 */
public record RunSummary(Status status, Instant started, Duration duration) {

    /** @throws NullPointerException if a part is missing */
    public RunSummary {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(duration, "duration");
    }
}
