package dev.mapisync.host;

import dev.mapisync.api.Status;
import dev.mapisync.api.host.TaskError;

/** Hears what a guarded sync run reports, after the guard has checked it. */
interface RunObserver {

    /**
     * @param run the run
     * @param newStep whether the step text changed
     */
    void progressed(SyncRun run, boolean newStep);

    void errored(SyncRun run, TaskError error);

    /** Called exactly once per run. */
    void ended(SyncRun run, Status status);
}
