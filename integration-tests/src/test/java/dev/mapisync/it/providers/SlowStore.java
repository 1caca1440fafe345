package dev.mapisync.it.providers;

import dev.mapisync.api.Status;
import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.sync.SyncFlag;
import dev.mapisync.api.sync.SyncHandle;
import dev.mapisync.api.sync.SyncProgressCallback;
import dev.mapisync.api.sync.SyncRequest;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Component;

/**
 * Takes about {@value #STEPS} x {@value #STEP_MILLIS} ms, reporting each step; honours
 * cancel within a step. Counts how many of its syncs run at once and reports the highest
 * count in its step text, so a test can see that one store never runs twice at once.
 */
@Component(service = MessageStore.class, property = "mapisync.sync.interval:Long=0")
public class SlowStore extends TestStore {

    static final int STEPS = 30;
    static final long STEP_MILLIS = 50;

    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger runs = new AtomicInteger();
    private volatile int mostAtOnce;

    @Override
    public SyncHandle synchronizeInBackground(SyncRequest request) {
        TestHandle handle = new TestHandle();
        SyncProgressCallback callback = request.callback();
        int run = runs.incrementAndGet();
        String kind = request.has(SyncFlag.HEADERS_ONLY) ? "headers" : "full";
        request.session().executor().execute(() -> {
            mostAtOnce = Math.max(mostAtOnce, running.incrementAndGet());
            Status end = Status.SUCCESS;
            try {
                for (int i = 0; i < STEPS; i++) {
                    if (handle.cancelled()) {
                        end = Status.CANCELLED;
                        break;
                    }
                    callback.progress("run " + run + " (" + kind + ", at most " + mostAtOnce + " at once): step " + i,
                            i, STEPS);
                    Thread.sleep(STEP_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                end = Status.CANCELLED;
            }
            // Counted as running until done, not after: once done is called the host may start the next sync.
            running.decrementAndGet();
            handle.finish(callback, end);
        });
        return handle;
    }
}
