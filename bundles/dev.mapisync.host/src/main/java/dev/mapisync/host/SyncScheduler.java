package dev.mapisync.host;

import dev.mapisync.api.Status;
import dev.mapisync.api.host.RunSummary;
import dev.mapisync.api.host.TaskError;
import dev.mapisync.api.host.TaskStatus;
import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.sync.SyncFlag;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.ServiceReference;

/**
 * Runs store syncs: at most {@code maxConcurrent} at once, on-demand requests before
 * scheduled ones, never two of one store at once (a request while a store runs becomes one
 * follow-up run), each under a {@link SyncRun} guard with a timeout.
 *
 * <p>All bookkeeping is under one lock, and no provider code is ever called while it is
 * held: {@code synchronizeInBackground} and {@code cancel} (which must return at once) run
 * on the control pool, the providers' sync work on the bounded worker pool the session
 * lends them.
 */
final class SyncScheduler implements RunObserver {

    /** What a scheduled (interval) sync does. */
    static final Set<SyncFlag> SCHEDULED = Set.copyOf(EnumSet.of(SyncFlag.UPLOAD_HIERARCHY, SyncFlag.DOWNLOAD_HIERARCHY,
            SyncFlag.UPLOAD_CONTENTS, SyncFlag.DOWNLOAD_CONTENTS));

    private final Object lock = new Object();
    private final Map<String, StoreTask> tasks = new HashMap<>();
    private final Map<String, StoreHistory> history = new ConcurrentHashMap<>();
    private final PriorityQueue<StoreTask.Ticket> queue = new PriorityQueue<>(StoreTask.Ticket.ORDER);
    private final HostServices host;
    private final SyncCalls calls;
    private final System.Logger log;
    private int running;
    private long sequence;
    private volatile int maxConcurrent;
    private volatile Duration timeout;

    SyncScheduler(HostServices host, HostSettings settings) {
        this.host = host;
        this.calls = new SyncCalls(host);
        this.log = host.log();
        apply(settings);
    }

    void apply(HostSettings settings) {
        maxConcurrent = settings.maxConcurrentSyncs();
        timeout = settings.syncTimeout();
        dispatch();
    }

    /** @return {@code false} if another store already has the task's id */
    boolean add(StoreTask task) {
        String id = task.identity().id();
        synchronized (lock) {
            StoreTask existing = tasks.get(id);
            if (existing != null) {
                log.log(Level.ERROR, "store id " + id + " of " + task.provider() + " is already served by "
                        + existing.provider() + "; the second store is not synced");
                return false;
            }
            tasks.put(id, task);
            if (!task.interval().isZero()) {
                // A store synced on an interval is synced as soon as it arrives (a dropped provider, a new
                // account), not one interval later.
                long millis = task.interval().toMillis();
                task.scheduled(host.timer().scheduleWithFixedDelay(() -> request(task, SCHEDULED), 0, millis,
                        TimeUnit.MILLISECONDS));
            }
        }
        return true;
    }

    /** A store left: its queued work is dropped and a running sync is cancelled and recorded so. */
    void remove(ServiceReference<MessageStore> reference) {
        StoreTask.Retired retired;
        StoreTask task;
        synchronized (lock) {
            task = tasks.values().stream().filter(t -> t.reference().equals(reference)).findFirst().orElse(null);
            if (task == null) {
                return;
            }
            tasks.remove(task.identity().id());
            retired = task.retire();
            retired.withdrawn().ifPresent(queue::remove);
        }
        Optional<SyncRun> running = retired.running();
        if (running.isPresent() && running.get().fail(Status.CANCELLED,
                "the store went away during the sync (" + task.provider() + " stopped or was updated)")) {
            calls.cancel(running.get());
        }
    }

    /**
     * Asks for a sync of one store.
     *
     * @throws IllegalArgumentException if no store syncs under that id
     */
    void request(String id, Set<SyncFlag> flags) {
        StoreTask task;
        synchronized (lock) {
            task = tasks.get(id);
        }
        if (task == null) {
            throw new IllegalArgumentException("no store with id \"" + id + "\" syncs here; known: " + ids());
        }
        request(task, flags);
    }

    /** @return how many stores were asked */
    int requestAll(Set<SyncFlag> flags) {
        List<StoreTask> all;
        synchronized (lock) {
            all = new ArrayList<>(tasks.values());
        }
        all.forEach(task -> request(task, flags));
        return all.size();
    }

    private void request(StoreTask task, Set<SyncFlag> flags) {
        synchronized (lock) {
            if (tasks.get(task.identity().id()) != task) {
                return;
            }
            requeue(task.request(flags, () -> sequence++));
        }
        dispatch();
    }

    /** The caller holds the lock. */
    private void requeue(StoreTask.Requeue change) {
        change.withdrawn().ifPresent(queue::remove);
        change.added().ifPresent(queue::add);
    }

    /**
     * Cancels a store's queued or running sync.
     *
     * @throws IllegalArgumentException if no store syncs under that id
     */
    boolean cancel(String id) {
        SyncRun run;
        synchronized (lock) {
            StoreTask task = tasks.get(id);
            if (task == null) {
                throw new IllegalArgumentException("no store with id \"" + id + "\" syncs here; known: " + ids());
            }
            Optional<StoreTask.Ticket> withdrawn = task.cancelQueued();
            if (withdrawn.isPresent()) {
                queue.remove(withdrawn.get());
                return true;
            }
            run = task.running().orElse(null);
        }
        if (run == null) {
            return false;
        }
        calls.cancel(run);
        return true;
    }

    private void dispatch() {
        List<SyncRun> started = new ArrayList<>();
        synchronized (lock) {
            while (running < maxConcurrent && !queue.isEmpty()) {
                StoreTask.Ticket turn = queue.poll();
                Optional<SyncRun> run = turn.task().start(turn, flags -> new SyncRun(turn.task(), flags, this, log));
                if (run.isPresent()) {
                    running++;
                    started.add(run.get());
                }
            }
        }
        started.forEach(this::start);
    }

    private void start(SyncRun run) {
        long millis = timeout.toMillis();
        run.timeout(host.timer().schedule(() -> {
            if (run.fail(Status.TIMEOUT, "no done within " + timeout.toSeconds() + " s; the sync was cancelled")) {
                calls.cancel(run);
            }
        }, millis, TimeUnit.MILLISECONDS));
        host.providerCalls().starts().execute(() -> calls.start(run));
    }

    @Override
    public void progressed(SyncRun run, boolean newStep) {
        host.events().progress(run, newStep);
    }

    @Override
    public void errored(SyncRun run, TaskError error) {
        host.events().error(run, error);
    }

    @Override
    public void ended(SyncRun run, Status status) {
        StoreTask task = run.task();
        String id = task.identity().id();
        RunSummary summary = new RunSummary(status, run.started(), run.elapsed());
        history.compute(id, (key, old) -> (old == null ? StoreHistory.NONE : old).after(summary, run.errors()));
        synchronized (lock) {
            running--;
            requeue(task.ended(run, tasks.get(id) == task, () -> sequence++));
        }
        if (status.succeeded()) {
            log.log(Level.DEBUG, "store " + id + " synced: " + status.name());
        } else {
            log.log(Level.INFO, "store " + id + " sync ended " + status.name() + " after " + run.elapsed().toMillis() + " ms");
        }
        host.events().done(run, status);
        dispatch();
    }

    List<TaskStatus> snapshot() {
        List<StoreTask> all;
        synchronized (lock) {
            all = new ArrayList<>(tasks.values());
        }
        List<TaskStatus> rows = new ArrayList<>(all.size());
        for (StoreTask task : all) {
            StoreHistory past = history.getOrDefault(task.identity().id(), StoreHistory.NONE);
            StoreTask.Now now = task.now();
            SyncRun run = now.run().orElse(null);
            rows.add(new TaskStatus(TaskStatus.Kind.STORE, task.identity().id(), task.identity().displayName(),
                    task.provider().symbolicName(), task.provider().version(), now.state(),
                    run == null ? "" : run.step(), run == null ? 0 : run.index(), run == null ? 0 : run.indexMax(),
                    run == null ? Optional.empty() : Optional.of(run.started()),
                    run == null ? past.lastErrors() : run.errors(), past.lastRun(), past.lastSuccess()));
        }
        rows.sort(Comparator.comparing(TaskStatus::name).thenComparing(TaskStatus::id));
        return rows;
    }

    /** @return whether a store syncs under that id */
    boolean knows(String id) {
        synchronized (lock) {
            return tasks.containsKey(id);
        }
    }

    private String ids() {
        synchronized (lock) {
            return tasks.keySet().stream().sorted().toList().toString();
        }
    }
}
