package dev.mapisync.host;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The host's threads, each pool for one kind of work: sync work (as many as syncs may run at
 * once), the calls into providers that must return at once (starts and cancels each on a few
 * threads of their own: apart from the sync work, so they never queue behind it, and apart
 * from each other, so that cancels a provider is slow to answer never hold up a start), the
 * transport submissions, and one timer.
 */
final class HostThreads {

    private static final int CONTROL_THREADS = 8;

    final ThreadPoolExecutor workers;
    final ThreadPoolExecutor starts;
    final ThreadPoolExecutor cancels;
    final ThreadPoolExecutor transportCalls;
    final ScheduledExecutorService timer;

    HostThreads(int maxConcurrentSyncs) {
        workers = new ThreadPoolExecutor(maxConcurrentSyncs, maxConcurrentSyncs, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new NamedThreads("mapisync-sync"));
        starts = control("mapisync-control");
        cancels = control("mapisync-cancel");
        transportCalls = new ThreadPoolExecutor(0, 4, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                new NamedThreads("mapisync-transport"));
        ScheduledThreadPoolExecutor scheduled = new ScheduledThreadPoolExecutor(1, new NamedThreads("mapisync-timer"));
        scheduled.setRemoveOnCancelPolicy(true);
        timer = scheduled;
    }

    private static ThreadPoolExecutor control(String name) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(CONTROL_THREADS, CONTROL_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new NamedThreads(name));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    ProviderCalls providerCalls() {
        return new ProviderCalls(starts, cancels);
    }

    /** As many sync workers as syncs may now run at once (the order of the two calls keeps core at most max). */
    void resizeWorkers(int maxConcurrentSyncs) {
        if (maxConcurrentSyncs > workers.getMaximumPoolSize()) {
            workers.setMaximumPoolSize(maxConcurrentSyncs);
            workers.setCorePoolSize(maxConcurrentSyncs);
        } else {
            workers.setCorePoolSize(maxConcurrentSyncs);
            workers.setMaximumPoolSize(maxConcurrentSyncs);
        }
    }

    void shutdownNow() {
        timer.shutdownNow();
        workers.shutdownNow();
        starts.shutdownNow();
        cancels.shutdownNow();
        transportCalls.shutdownNow();
    }
}
