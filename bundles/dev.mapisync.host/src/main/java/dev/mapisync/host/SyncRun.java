package dev.mapisync.host;

import dev.mapisync.api.Status;
import dev.mapisync.api.host.TaskError;
import dev.mapisync.api.sync.SyncFlag;
import dev.mapisync.api.sync.SyncHandle;
import dev.mapisync.api.sync.SyncProgressCallback;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One sync of one store, and the guard between the host and the provider: the callback the
 * provider reports to.
 *
 * <p>The guard enforces the contract instead of trusting it: {@code done} counts once and
 * every call after the end is ignored (and logged); progress numbers that are negative or
 * run past {@code indexMax} are ignored (and logged); the run can also be ended by the host
 * (timeout, cancel on departure, a provider exception), after which the provider's own
 * {@code done} is ignored. Every method returns at once.
 */
final class SyncRun implements SyncProgressCallback {

    /** Errors kept per run; a provider that reports more only adds to the count. */
    static final int MAX_ERRORS = 200;

    private record Progress(String step, long index, long indexMax) {
    }

    private final StoreTask task;
    private final Set<SyncFlag> flags;
    private final RunObserver observer;
    private final System.Logger log;
    private final Instant started = Instant.now();
    private final long startNanos = System.nanoTime();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final List<TaskError> errors = new ArrayList<>();
    private volatile Progress progress = new Progress("", 0, 0);
    private volatile SyncHandle handle;
    private volatile boolean cancelRequested;
    private volatile Future<?> timeout;
    private volatile Status endStatus;
    private volatile long endNanos;
    private int droppedErrors;
    private boolean violationLogged;

    /** When the last progress event was posted; read and written by the reporting thread only. */
    long lastEventNanos;

    SyncRun(StoreTask task, Set<SyncFlag> flags, RunObserver observer, System.Logger log) {
        this.task = task;
        this.flags = Set.copyOf(flags);
        this.observer = observer;
        this.log = log;
    }

    @Override
    public void progress(String step, long index, long indexMax) {
        if (ended.get()) {
            ignored("progress after done");
            return;
        }
        if (index < 0 || indexMax < 0 || index > indexMax) {
            ignored("progress(" + index + ", " + indexMax + "): numbers must be 0 <= index <= indexMax");
            return;
        }
        Progress before = progress;
        boolean newStep = step != null && !step.equals(before.step);
        progress = new Progress(step == null ? before.step : step, index, indexMax);
        observer.progressed(this, newStep);
    }

    @Override
    public void error(Status status, String text) {
        if (ended.get()) {
            ignored("error after done");
            return;
        }
        if (status == null) {
            ignored("error with no status");
            return;
        }
        record(status, text);
    }

    @Override
    public void done(Status status) {
        if (status == null) {
            ignored("done with no status; ending the sync as a provider fault");
            fail(Status.PROVIDER_FAULT, "the provider ended the sync without a status");
            return;
        }
        if (!end(status)) {
            ignored("done(" + status.name() + ") after the sync had ended with " + endStatus.name());
        }
    }

    /**
     * The host ends the run with a status and text of its own (a provider exception, a
     * timeout, a departure). Ignored if the run has ended already.
     *
     * @return whether this call ended the run
     */
    boolean fail(Status status, String text) {
        if (ended.get()) {
            return false;
        }
        record(status, text);
        return end(status);
    }

    private void record(Status status, String text) {
        TaskError error = new TaskError(status, text == null || text.isBlank() ? status.text() : text, Instant.now());
        synchronized (errors) {
            if (errors.size() >= MAX_ERRORS) {
                droppedErrors++;
                return;
            }
            errors.add(error);
        }
        observer.errored(this, error);
    }

    private boolean end(Status status) {
        if (!ended.compareAndSet(false, true)) {
            return false;
        }
        endNanos = System.nanoTime();
        endStatus = status;
        Future<?> pendingTimeout = timeout;
        if (pendingTimeout != null) {
            pendingTimeout.cancel(false);
        }
        observer.ended(this, status);
        return true;
    }

    private void ignored(String what) {
        // Logged once per run: a provider in a loop must not flood the log.
        boolean first;
        synchronized (errors) {
            first = !violationLogged;
            violationLogged = true;
        }
        if (first) {
            log.log(Level.WARNING, "store " + task.identity().id() + " (" + task.provider() + ") broke the callback contract: "
                    + what + "; ignored (further violations of this run are not logged)");
        }
    }

    /**
     * Attaches the provider's handle.
     *
     * @return whether the handle must be cancelled at once: a cancel came, or the run ended, before it
     */
    boolean attach(SyncHandle handle) {
        this.handle = handle;
        return cancelRequested || ended.get();
    }

    /**
     * Marks the run as asked to stop.
     *
     * @return the handle to cancel now, or {@code null} if it is not attached yet ({@link #attach} then says so)
     */
    SyncHandle requestCancel() {
        cancelRequested = true;
        return handle;
    }

    void timeout(Future<?> timeout) {
        this.timeout = timeout;
        if (ended.get()) {
            timeout.cancel(false);
        }
    }

    boolean isEnded() {
        return ended.get();
    }

    StoreTask task() {
        return task;
    }

    Set<SyncFlag> flags() {
        return flags;
    }

    Instant started() {
        return started;
    }

    Duration elapsed() {
        long end = ended.get() ? endNanos : System.nanoTime();
        return Duration.ofNanos(end - startNanos);
    }

    String step() {
        return progress.step;
    }

    long index() {
        return progress.index;
    }

    long indexMax() {
        return progress.indexMax;
    }

    List<TaskError> errors() {
        synchronized (errors) {
            if (droppedErrors == 0) {
                return List.copyOf(errors);
            }
            List<TaskError> all = new ArrayList<>(errors);
            all.add(new TaskError(Status.PARTIAL, droppedErrors + " more errors not kept", Instant.now()));
            return all;
        }
    }
}
