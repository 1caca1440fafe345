package dev.mapisync.host;

import dev.mapisync.api.Identity;
import dev.mapisync.api.Status;
import dev.mapisync.api.sync.Sync;
import dev.mapisync.api.sync.SyncFlag;
import dev.mapisync.api.sync.SyncHandle;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One Send/Receive round over many registered stores whose syncs do nothing but report one
 * progress step and done: what is measured is the host's own cost (queueing, dispatch,
 * guard, bookkeeping, status), on the host's real scheduler and pools.
 *
 * <p>Run: {@code bench/host-bench.sh} (see docs/benchmarks.md). Arguments: stores (1000),
 * measured rounds (20).
 */
public final class SendReceiveRoundBenchmark {

    private SendReceiveRoundBenchmark() {
    }

    /** A store whose sync reports one step and ends at once, counting down a latch. */
    private static final class TrivialSync implements Sync {
        volatile CountDownLatch latch;

        @Override
        public SyncHandle synchronizeInBackground(dev.mapisync.api.sync.SyncRequest request) {
            CompletableFuture<Status> done = new CompletableFuture<>();
            request.session().executor().execute(() -> {
                request.callback().progress("Inbox", 1, 1);
                request.callback().done(Status.SUCCESS);
                done.complete(Status.SUCCESS);
                latch.countDown();
            });
            return new SyncHandle() {
                @Override
                public CompletionStage<Status> completion() {
                    return done;
                }

                @Override
                public void cancel() {
                }
            };
        }
    }

    public static void main(String[] args) throws Exception {
        int stores = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

        ThreadPoolExecutor workers = new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new NamedThreads("bench-sync"));
        ThreadPoolExecutor control = new ThreadPoolExecutor(8, 8, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new NamedThreads("bench-control"));
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, new NamedThreads("bench-timer"));
        timer.setRemoveOnCancelPolicy(true);
        HostSettings settings = new HostSettings(4, Duration.ZERO, Duration.ofMinutes(5), Duration.ofSeconds(1),
                Duration.ofMinutes(1), "");
        // Starts and cancels share the pool here: the round measured cancels nothing.
        SyncScheduler scheduler = new SyncScheduler(new HostServices(workers, new ProviderCalls(control, control), control,
                timer, new EventPublisher(), () -> null, () -> null, System.getLogger("bench")), settings);

        long heapBefore = usedHeapAfterGc(memory);
        List<TrivialSync> syncs = new ArrayList<>();
        for (int i = 0; i < stores; i++) {
            TrivialSync sync = new TrivialSync();
            syncs.add(sync);
            scheduler.add(new StoreTask(null, null, sync, new Identity("store-" + i, "Store " + i),
                    new Provider("bench.provider", "1.0.0"), Duration.ZERO));
        }
        EnumSet<SyncFlag> flags = EnumSet.of(SyncFlag.DOWNLOAD_CONTENTS, SyncFlag.ON_DEMAND);
        long[] nanos = new long[rounds];
        for (int round = -5; round < rounds; round++) {
            CountDownLatch latch = new CountDownLatch(stores);
            syncs.forEach(s -> s.latch = latch);
            long start = System.nanoTime();
            scheduler.requestAll(flags);
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("a round did not finish within 60 s");
            }
            if (round >= 0) {
                nanos[round] = System.nanoTime() - start;
            }
        }
        int rows = scheduler.snapshot().size();
        long heapAfter = usedHeapAfterGc(memory);

        Arrays.sort(nanos);
        System.out.printf("stores: %d, rounds measured: %d, status rows: %d%n", stores, rounds, rows);
        System.out.printf("round time: median %.1f ms, p90 %.1f ms, best %.1f ms%n", nanos[rounds / 2] / 1e6,
                nanos[(int) (rounds * 0.9)] / 1e6, nanos[0] / 1e6);
        System.out.printf("heap per store (host and trivial provider objects, after a round): %.1f KB%n",
                (heapAfter - heapBefore) / 1024.0 / stores);
        timer.shutdownNow();
        workers.shutdownNow();
        control.shutdownNow();
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
