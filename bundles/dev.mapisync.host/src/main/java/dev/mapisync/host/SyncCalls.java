package dev.mapisync.host;

import dev.mapisync.api.Status;
import dev.mapisync.api.sync.SyncHandle;
import dev.mapisync.api.sync.SyncRequest;
import java.lang.System.Logger.Level;

/**
 * The host's calls of a provider's sync: the start ({@code synchronizeInBackground}, and the
 * handle's completion as a second witness of the end) and the cancel. They run on the control
 * threads, never under the scheduler's lock, and whatever the provider throws or returns ends
 * the run with a reason instead of reaching the scheduler.
 */
final class SyncCalls {

    private final HostServices host;
    private final System.Logger log;

    SyncCalls(HostServices host) {
        this.host = host;
        this.log = host.log();
    }

    /**
     * Calls the provider; runs on a control thread, never under the lock. Starting and
     * cancelling run apart from the workers, so that they never wait behind sync work.
     */
    void start(SyncRun run) {
        if (run.isEnded()) {
            return;
        }
        StoreTask task = run.task();
        SyncRequest request = SyncRequest.builder().flags(run.flags())
                .session(new HostSession(run, host.defaultStore(), host.replicas(), host.workers())).callback(run).build();
        SyncHandle handle;
        try {
            handle = task.sync().synchronizeInBackground(request);
        } catch (Throwable t) {
            run.fail(Status.PROVIDER_FAULT, "synchronizeInBackground threw " + Failures.describe(t));
            return;
        }
        if (handle == null) {
            run.fail(Status.PROVIDER_FAULT, "synchronizeInBackground returned no handle");
            return;
        }
        boolean cancelNow = run.attach(handle);
        try {
            handle.completion().whenComplete((status, failure) -> {
                // The handle is a second witness of the end: it counts only if done was never called.
                if (failure != null) {
                    run.fail(Status.PROVIDER_FAULT, "the sync handle failed: " + Failures.describe(failure));
                } else if (!run.isEnded()) {
                    run.done(status);
                }
            });
        } catch (Throwable t) {
            run.fail(Status.PROVIDER_FAULT, "the sync handle threw " + Failures.describe(t));
        }
        if (cancelNow || run.isEnded()) {
            cancel(run);
        }
    }

    /**
     * Asks the provider to stop, on a cancel thread (apart from the starts, so that cancels a
     * provider is slow to answer never hold up another store's start); a throwing cancel is
     * logged and otherwise ignored.
     */
    void cancel(SyncRun run) {
        SyncHandle handle = run.requestCancel();
        if (handle == null) {
            return;
        }
        host.providerCalls().cancels().execute(() -> {
            try {
                handle.cancel();
            } catch (Throwable t) {
                log.log(Level.WARNING, "cancel of store " + run.task().identity().id() + " threw " + Failures.describe(t));
            }
        });
    }
}
