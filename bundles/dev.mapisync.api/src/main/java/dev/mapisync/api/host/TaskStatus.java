package dev.mapisync.api.host;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one Send/Receive task: a store's sync or a transport.
 *
 * <p>MAPI counterpart: a row of Outlook's Send/Receive dialog (name, progress bar, step
 * text, errors). Immutable and thread-safe; never holds a secret.
 *
 * @param kind store or transport
 * @param id the store's or transport's id
 * @param name its display name
 * @param provider the symbolic name of the bundle that provides it
 * @param providerVersion that bundle's version
 * @param state what it is doing
 * @param step the current step's text, empty when none
 * @param index progress, from 0
 * @param indexMax the value of {@code index} that means complete; 0 when unknown
 * @param started when the current run started, if one runs
 * @param errors the errors of the current run, or of the last one when none runs
 * @param lastRun how the last finished run ended, if there was one
 * @param lastSuccess when a run last ended in success (or partial success)
 */
public record TaskStatus(Kind kind, String id, String name, String provider, String providerVersion, TaskState state,
        String step, long index, long indexMax, Optional<Instant> started, List<TaskError> errors,
        Optional<RunSummary> lastRun, Optional<Instant> lastSuccess) {

    /** What a task is. */
    public enum Kind {
        /** A store's sync. */
        STORE,
        /** A transport. */
        TRANSPORT
    }

    /** @throws NullPointerException if a part is missing */
    public TaskStatus {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(providerVersion, "providerVersion");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(lastRun, "lastRun");
        Objects.requireNonNull(lastSuccess, "lastSuccess");
        errors = List.copyOf(errors);
    }

    /** @return how long the current run has taken so far, if one runs */
    public Optional<Duration> elapsed() {
        return started.map(s -> Duration.between(s, Instant.now()));
    }
}
