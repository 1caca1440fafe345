package dev.mapisync.host;

import dev.mapisync.api.host.RunSummary;
import dev.mapisync.api.host.TaskError;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What is remembered of a store id's finished runs. Kept by id rather than by service, so
 * that a replacement (a newer provider version serving the same account) shows the history
 * of the one it replaced, including a run cancelled by the departure.
 */
record StoreHistory(Optional<RunSummary> lastRun, Optional<Instant> lastSuccess, List<TaskError> lastErrors) {

    static final StoreHistory NONE = new StoreHistory(Optional.empty(), Optional.empty(), List.of());

    StoreHistory after(RunSummary run, List<TaskError> errors) {
        Optional<Instant> success = run.status().succeeded() ? Optional.of(run.started().plus(run.duration())) : lastSuccess;
        return new StoreHistory(Optional.of(run), success, List.copyOf(errors));
    }
}
