package dev.mapisync.api.sync;

import dev.mapisync.api.Status;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A running sync, as its caller holds it.
 *
 * <p>MAPI counterpart: {@code MAPISIB.phSyncDoneEvent}, the event signalled when the sync
 * thread completes, together with the way to stop it. Implemented by the provider and
 * returned by {@link Sync#synchronizeInBackground}.
 *
 * <p>Rules: {@link #completion()} completes exactly once, normally, with the status the
 * provider passed to {@link SyncProgressCallback#done(Status)}, after that call. It never
 * completes exceptionally. {@link #cancel()} may be called from any thread, any number of
 * times, before or after completion; it returns at once and the sync ends soon after with
 * {@link Status#CANCELLED} (or with the status it reached anyway).
 */
@ConsumerType
public interface SyncHandle {

    /** @return a stage that completes with the final status; the same stage on every call */
    CompletionStage<Status> completion();

    /** Asks the sync to stop. Returns at once; idempotent. */
    void cancel();
}
