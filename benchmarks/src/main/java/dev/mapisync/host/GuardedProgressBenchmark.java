package dev.mapisync.host;

import dev.mapisync.api.Identity;
import dev.mapisync.api.Status;
import dev.mapisync.api.host.TaskError;
import dev.mapisync.api.sync.SyncFlag;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * The cost of one progress call through the host's guard, as a provider makes it: checks,
 * the new progress, and the (thinned) event path with an EventAdmin present.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GuardedProgressBenchmark {

    private SyncRun run;
    private long index;

    @Setup
    public void setUp() {
        EventPublisher events = new EventPublisher();
        events.eventAdmin(new EventAdmin() {
            @Override
            public void postEvent(Event event) {
            }

            @Override
            public void sendEvent(Event event) {
            }
        });
        RunObserver observer = new RunObserver() {
            @Override
            public void progressed(SyncRun r, boolean newStep) {
                events.progress(r, newStep);
            }

            @Override
            public void errored(SyncRun r, TaskError error) {
            }

            @Override
            public void ended(SyncRun r, Status status) {
            }
        };
        StoreTask task = new StoreTask(null, null, null, new Identity("bench", "Bench"), new Provider("bench", "1.0.0"),
                Duration.ZERO);
        run = new SyncRun(task, Set.of(SyncFlag.DOWNLOAD_CONTENTS), observer, System.getLogger("bench"));
    }

    @Benchmark
    public void progressWithSameStep() {
        run.progress("Inbox: downloading", index++ % 1_000_000, 1_000_000);
    }

    @Benchmark
    public void progressNumbersOnly() {
        run.progress(null, index++ % 1_000_000, 1_000_000);
    }
}
