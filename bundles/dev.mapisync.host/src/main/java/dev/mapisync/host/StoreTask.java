package dev.mapisync.host;

import dev.mapisync.api.Identity;
import dev.mapisync.api.host.TaskState;
import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.sync.Sync;
import dev.mapisync.api.sync.SyncFlag;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.Future;
import org.osgi.framework.ServiceReference;

/**
 * A store that syncs, as the scheduler keeps it: what it is, and (guarded by the scheduler's
 * lock) whether it is idle, queued or running, and what is asked of it next.
 */
final class StoreTask {

    private final ServiceReference<MessageStore> reference;
    private final MessageStore store;
    private final Sync sync;
    private final Identity identity;
    private final Provider provider;
    private final Duration interval;

    // Guarded by the scheduler's lock.
    TaskState state = TaskState.IDLE;
    final EnumSet<SyncFlag> queuedFlags = EnumSet.noneOf(SyncFlag.class);
    long queuedSequence;
    final EnumSet<SyncFlag> followUp = EnumSet.noneOf(SyncFlag.class);
    SyncRun current;
    Future<?> schedule;

    StoreTask(ServiceReference<MessageStore> reference, MessageStore store, Sync sync, Identity identity,
            Provider provider, Duration interval) {
        this.reference = reference;
        this.store = store;
        this.sync = sync;
        this.identity = identity;
        this.provider = provider;
        this.interval = interval;
    }

    ServiceReference<MessageStore> reference() {
        return reference;
    }

    MessageStore store() {
        return store;
    }

    Sync sync() {
        return sync;
    }

    Identity identity() {
        return identity;
    }

    Provider provider() {
        return provider;
    }

    /** @return the time between scheduled syncs; zero for on demand only */
    Duration interval() {
        return interval;
    }

    boolean onDemandQueued() {
        return queuedFlags.contains(SyncFlag.ON_DEMAND);
    }
}
