package dev.mapisync.host;

import dev.mapisync.api.Identity;
import dev.mapisync.api.host.TaskState;
import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.sync.Sync;
import dev.mapisync.api.sync.SyncFlag;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.osgi.framework.ServiceReference;

/**
 * A store that syncs, and the state machine of its syncs: idle, queued (with the flags asked
 * so far), running (with the flags asked meanwhile, for one follow-up run). The task makes its
 * own transitions under its own lock; the scheduler asks for them and keeps the queue of
 * {@link Ticket}s. The scheduler's lock is taken before this one, never after it, and no
 * method here calls out.
 */
final class StoreTask {

    /**
     * A place in the scheduler's queue: on-demand requests before scheduled ones, then in the
     * order they were queued. Immutable, so that the queue's order never changes under it; a
     * promotion to on demand is a new ticket, and the old one is withdrawn.
     */
    record Ticket(StoreTask task, boolean onDemand, long sequence) {
        static final Comparator<Ticket> ORDER = Comparator.comparing((Ticket t) -> !t.onDemand())
                .thenComparingLong(Ticket::sequence);
    }

    /** What a transition did to the task's place in the queue: a ticket to withdraw, one to add, or neither. */
    record Requeue(Optional<Ticket> withdrawn, Optional<Ticket> added) {
        static final Requeue NONE = new Requeue(Optional.empty(), Optional.empty());
    }

    /** The task's state and its run, if it runs, as one look saw them. */
    record Now(TaskState state, Optional<SyncRun> run) {
    }

    private final ServiceReference<MessageStore> reference;
    private final MessageStore store;
    private final Sync sync;
    private final Identity identity;
    private final Provider provider;
    private final Duration interval;

    private final Object lock = new Object();
    // Guarded by the lock.
    private TaskState state = TaskState.IDLE;
    private final EnumSet<SyncFlag> queuedFlags = EnumSet.noneOf(SyncFlag.class);
    private Ticket ticket;
    private final EnumSet<SyncFlag> followUp = EnumSet.noneOf(SyncFlag.class);
    private SyncRun current;
    private Future<?> schedule;

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

    /** The interval's timer, cancelled when the task is retired. */
    void scheduled(Future<?> timer) {
        synchronized (lock) {
            schedule = timer;
        }
    }

    /**
     * A sync is asked for: an idle task is queued, a queued one takes the flags (and moves ahead
     * if the request is on demand), a running one keeps them for one follow-up run.
     *
     * @param sequence the next place in the queue, if the task takes one
     */
    Requeue request(Set<SyncFlag> flags, LongSupplier sequence) {
        synchronized (lock) {
            switch (state) {
                case IDLE -> {
                    queuedFlags.addAll(flags);
                    return new Requeue(Optional.empty(), Optional.of(enqueue(sequence.getAsLong())));
                }
                case QUEUED -> {
                    boolean promote = flags.contains(SyncFlag.ON_DEMAND) && !queuedFlags.contains(SyncFlag.ON_DEMAND);
                    queuedFlags.addAll(flags);
                    if (!promote) {
                        return Requeue.NONE;
                    }
                    Ticket withdrawn = ticket;
                    ticket = new Ticket(this, true, withdrawn.sequence());
                    return new Requeue(Optional.of(withdrawn), Optional.of(ticket));
                }
                case RUNNING -> {
                    followUp.addAll(flags);
                    return Requeue.NONE;
                }
                default -> throw new IllegalStateException("no state " + state);
            }
        }
    }

    /** The caller holds the lock. */
    private Ticket enqueue(long sequence) {
        state = TaskState.QUEUED;
        ticket = new Ticket(this, queuedFlags.contains(SyncFlag.ON_DEMAND), sequence);
        return ticket;
    }

    /**
     * The ticket's turn came: the task runs with the flags queued.
     *
     * @param run makes the run of these flags
     * @return the run; empty if the ticket is no longer the task's (withdrawn, cancelled, retired)
     */
    Optional<SyncRun> start(Ticket turn, Function<Set<SyncFlag>, SyncRun> run) {
        synchronized (lock) {
            if (state != TaskState.QUEUED || turn != ticket) {
                return Optional.empty();
            }
            current = run.apply(EnumSet.copyOf(queuedFlags));
            queuedFlags.clear();
            ticket = null;
            state = TaskState.RUNNING;
            return Optional.of(current);
        }
    }

    /**
     * A cancel: a queued sync is dropped, a running one is for the caller to cancel; no follow-up either way.
     *
     * @return the ticket withdrawn if the task was queued, else empty; see {@link #running()} for the run
     */
    Optional<Ticket> cancelQueued() {
        synchronized (lock) {
            followUp.clear();
            if (state != TaskState.QUEUED) {
                return Optional.empty();
            }
            Ticket withdrawn = ticket;
            queuedFlags.clear();
            ticket = null;
            state = TaskState.IDLE;
            return Optional.of(withdrawn);
        }
    }

    /** @return the run under way, if one is */
    Optional<SyncRun> running() {
        synchronized (lock) {
            return Optional.ofNullable(current);
        }
    }

    /**
     * The run ended: the task is idle again, or queued at once with the follow-up asked meanwhile.
     *
     * @param stillServed whether the store is still the one synced under its id (else no follow-up)
     */
    Requeue ended(SyncRun run, boolean stillServed, LongSupplier sequence) {
        synchronized (lock) {
            if (current != run) {
                return Requeue.NONE;
            }
            current = null;
            state = TaskState.IDLE;
            if (followUp.isEmpty() || !stillServed) {
                return Requeue.NONE;
            }
            queuedFlags.addAll(followUp);
            followUp.clear();
            return new Requeue(Optional.empty(), Optional.of(enqueue(sequence.getAsLong())));
        }
    }

    /**
     * The store left: nothing more is queued or followed up, its timer stops.
     *
     * @return the ticket to withdraw, and the run under way (for the caller to fail and cancel)
     */
    Retired retire() {
        synchronized (lock) {
            Optional<Ticket> withdrawn = Optional.ofNullable(ticket);
            ticket = null;
            queuedFlags.clear();
            followUp.clear();
            if (schedule != null) {
                schedule.cancel(false);
            }
            return new Retired(withdrawn, Optional.ofNullable(current));
        }
    }

    /** What {@link #retire} leaves for the caller. */
    record Retired(Optional<Ticket> withdrawn, Optional<SyncRun> running) {
    }

    Now now() {
        synchronized (lock) {
            return new Now(state, Optional.ofNullable(current));
        }
    }
}
