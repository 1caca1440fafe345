package dev.mapisync.it.providers;

import dev.mapisync.api.Status;
import dev.mapisync.api.sync.SyncHandle;
import dev.mapisync.api.sync.SyncProgressCallback;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A sync that ends only when cancelled, and whose {@code cancel} takes {@value #CANCEL_MILLIS}
 * ms to return, as a provider's does whose server went silent.
 */
public final class SlowCancelHandle implements SyncHandle {

    static final long CANCEL_MILLIS = 20_000;

    private final SyncProgressCallback callback;
    private final CompletableFuture<Status> completion = new CompletableFuture<>();

    SlowCancelHandle(SyncProgressCallback callback) {
        this.callback = callback;
    }

    @Override
    public CompletionStage<Status> completion() {
        return completion;
    }

    @Override
    public void cancel() {
        try {
            Thread.sleep(CANCEL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        callback.done(Status.CANCELLED);
        completion.complete(Status.CANCELLED);
    }
}
