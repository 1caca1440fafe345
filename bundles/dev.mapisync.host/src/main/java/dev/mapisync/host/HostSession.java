package dev.mapisync.host;

import dev.mapisync.api.Status;
import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.store.Replica;
import dev.mapisync.api.store.ReplicaStorage;
import dev.mapisync.api.store.StoreException;
import dev.mapisync.api.sync.SyncSession;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * What the host lends one sync run: the default store, the store's replica and an executor
 * on the host's bounded pool. A task the provider runs there that throws ends the run as a
 * provider fault with the exception's text.
 */
final class HostSession implements SyncSession {

    private final SyncRun run;
    private final Supplier<MessageStore> defaultStore;
    private final Supplier<ReplicaStorage> replicas;
    private final Executor executor;

    HostSession(SyncRun run, Supplier<MessageStore> defaultStore, Supplier<ReplicaStorage> replicas, Executor workers) {
        this.run = run;
        this.defaultStore = defaultStore;
        this.replicas = replicas;
        this.executor = command -> workers.execute(() -> {
            try {
                command.run();
            } catch (Throwable t) {
                run.fail(Status.PROVIDER_FAULT, "a sync task threw " + Failures.describe(t));
            }
        });
    }

    @Override
    public MessageStore defaultStore() {
        MessageStore store = defaultStore.get();
        if (store == null) {
            throw new IllegalStateException("no default store is running (is dev.mapisync.store.local started?)");
        }
        return store;
    }

    @Override
    public Replica replica() {
        ReplicaStorage storage = replicas.get();
        if (storage == null) {
            throw new IllegalStateException("no replica storage is running (is dev.mapisync.store.local started?)");
        }
        try {
            return storage.replica(run.task().identity());
        } catch (StoreException e) {
            throw new IllegalStateException("the replica of " + run.task().identity() + " cannot be opened: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public Executor executor() {
        return executor;
    }
}
