package dev.mapisync.it.providers;

import dev.mapisync.api.Status;
import dev.mapisync.api.sync.SyncHandle;
import dev.mapisync.api.sync.SyncProgressCallback;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The handle the test stores return: completes when they finish, remembers a cancel. */
public final class TestHandle implements SyncHandle {

    private final CompletableFuture<Status> completion = new CompletableFuture<>();
    private volatile boolean cancelled;

    @Override
    public CompletionStage<Status> completion() {
        return completion;
    }

    @Override
    public void cancel() {
        cancelled = true;
    }

    public boolean cancelled() {
        return cancelled;
    }

    /** Calls done and completes the handle, as the contract asks. */
    public void finish(SyncProgressCallback callback, Status status) {
        callback.done(status);
        completion.complete(status);
    }
}
