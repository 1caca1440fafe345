package dev.mapisync.host;

import dev.mapisync.api.Status;
import dev.mapisync.api.host.RunSummary;
import dev.mapisync.api.host.TaskError;
import dev.mapisync.api.host.TaskState;
import dev.mapisync.api.host.TaskStatus;
import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.sync.SyncFlag;
import dev.mapisync.api.sync.SyncHandle;
import dev.mapisync.api.sync.SyncRequest;
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
    private final PriorityQueue<StoreTask> queue = new PriorityQueue<>(
            Comparator.comparing((StoreTask t) -> !t.onDemandQueued()).thenComparingLong(t -> t.queuedSequence));
    private final HostServices host;
    private final System.Logger log;
    private int running;
    private long sequence;
    private volatile int maxConcurrent;
    private volatile Duration timeout;

    SyncScheduler(HostServices host, HostSettings settings) {
        this.host = host;
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
                task.schedule = host.timer().scheduleWithFixedDelay(() -> request(task, SCHEDULED), 0, millis,
                        TimeUnit.MILLISECONDS);
            }
        }
        return true;
    }

    /** A store left: its queued work is dropped and a running sync is cancelled and recorded so. */
    void remove(ServiceReference<MessageStore> reference) {
        SyncRun running;
        StoreTask task;
        synchronized (lock) {
            task = tasks.values().stream().filter(t -> t.reference().equals(reference)).findFirst().orElse(null);
            if (task == null) {
                return;
            }
            tasks.remove(task.identity().id());
            queue.remove(task);
            task.queuedFlags.clear();
            task.followUp.clear();
            if (task.schedule != null) {
                task.schedule.cancel(false);
            }
            running = task.current;
        }
        if (running != null && running.fail(Status.CANCELLED,
                "the store went away during the sync (" + task.provider() + " stopped or was updated)")) {
            cancelHandle(running);
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
            switch (task.state) {
                case IDLE -> {
                    task.queuedFlags.addAll(flags);
                    enqueue(task);
                }
                case QUEUED -> {
                    boolean promote = flags.contains(SyncFlag.ON_DEMAND) && !task.onDemandQueued();
                    if (promote) {
                        queue.remove(task);
                    }
                    task.queuedFlags.addAll(flags);
                    if (promote) {
                        queue.add(task);
                    }
                }
                case RUNNING -> task.followUp.addAll(flags);
            }
        }
        dispatch();
    }

    private void enqueue(StoreTask task) {
        task.state = TaskState.QUEUED;
        task.queuedSequence = sequence++;
        queue.add(task);
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
            task.followUp.clear();
            if (task.state == TaskState.QUEUED) {
                queue.remove(task);
                task.queuedFlags.clear();
                task.state = TaskState.IDLE;
                return true;
            }
            run = task.current;
        }
        if (run == null) {
            return false;
        }
        cancelHandle(run);
        return true;
    }

    private void dispatch() {
        List<SyncRun> started = new ArrayList<>();
        synchronized (lock) {
            while (running < maxConcurrent && !queue.isEmpty()) {
                StoreTask task = queue.poll();
                SyncRun run = new SyncRun(task, EnumSet.copyOf(task.queuedFlags), this, log);
                task.queuedFlags.clear();
                task.state = TaskState.RUNNING;
                task.current = run;
                running++;
                started.add(run);
            }
        }
        started.forEach(this::start);
    }

    private void start(SyncRun run) {
        long millis = timeout.toMillis();
        run.timeout(host.timer().schedule(() -> {
            if (run.fail(Status.TIMEOUT, "no done within " + timeout.toSeconds() + " s; the sync was cancelled")) {
                cancelHandle(run);
            }
        }, millis, TimeUnit.MILLISECONDS));
        host.providerCalls().starts().execute(() -> call(run));
    }

    /**
     * Calls the provider; runs on a control thread, never under the lock. Starting and
     * cancelling run apart from the workers, so that they never wait behind sync work.
     */
    private void call(SyncRun run) {
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
            cancelHandle(run);
        }
    }

    /**
     * Asks the provider to stop, on a cancel thread (apart from the starts, so that cancels a
     * provider is slow to answer never hold up another store's start); a throwing cancel is
     * logged and otherwise ignored.
     */
    private void cancelHandle(SyncRun run) {
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
            if (task.current == run) {
                task.current = null;
                task.state = TaskState.IDLE;
                if (!task.followUp.isEmpty() && tasks.get(id) == task) {
                    task.queuedFlags.addAll(task.followUp);
                    task.followUp.clear();
                    enqueue(task);
                }
            }
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
        Map<StoreTask, TaskState> states = new HashMap<>();
        Map<StoreTask, SyncRun> runs = new HashMap<>();
        synchronized (lock) {
            all = new ArrayList<>(tasks.values());
            for (StoreTask task : all) {
                states.put(task, task.state);
                if (task.current != null) {
                    runs.put(task, task.current);
                }
            }
        }
        List<TaskStatus> rows = new ArrayList<>(all.size());
        for (StoreTask task : all) {
            StoreHistory past = history.getOrDefault(task.identity().id(), StoreHistory.NONE);
            SyncRun run = runs.get(task);
            rows.add(new TaskStatus(TaskStatus.Kind.STORE, task.identity().id(), task.identity().displayName(),
                    task.provider().symbolicName(), task.provider().version(), states.get(task),
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
