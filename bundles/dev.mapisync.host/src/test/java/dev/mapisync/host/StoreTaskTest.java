package dev.mapisync.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapisync.api.Identity;
import dev.mapisync.api.host.TaskState;
import dev.mapisync.api.sync.SyncFlag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The store task's state machine: the transitions it makes itself, and the tickets it hands the scheduler's queue. */
class StoreTaskTest {

    private static final Set<SyncFlag> SCHEDULED = SyncScheduler.SCHEDULED;
    private static final Set<SyncFlag> ON_DEMAND = EnumSet.of(SyncFlag.ON_DEMAND, SyncFlag.DOWNLOAD_CONTENTS);

    private final AtomicLong sequence = new AtomicLong();
    private final StoreTask task = task("s1");
    private final List<Set<SyncFlag>> runsMade = new ArrayList<>();

    private static StoreTask task(String id) {
        return new StoreTask(null, null, null, new Identity(id, "Store " + id), new Provider("test", "1.0.0"),
                Duration.ZERO);
    }

    private SyncRun run(StoreTask of, Set<SyncFlag> flags) {
        runsMade.add(flags);
        return new SyncRun(of, flags, new RunObserver() {
            @Override
            public void progressed(SyncRun run, boolean newStep) {
            }

            @Override
            public void errored(SyncRun run, dev.mapisync.api.host.TaskError error) {
            }

            @Override
            public void ended(SyncRun run, dev.mapisync.api.Status status) {
            }
        }, System.getLogger("test"));
    }

    @Test
    void anIdleTaskIsQueuedOnceAndRunsWithEveryFlagAskedMeanwhile() {
        StoreTask.Requeue first = task.request(SCHEDULED, sequence::getAndIncrement);
        assertTrue(first.added().isPresent() && first.withdrawn().isEmpty());
        assertEquals(TaskState.QUEUED, task.now().state());
        assertEquals(StoreTask.Requeue.NONE, task.request(EnumSet.of(SyncFlag.HEADERS_ONLY), sequence::getAndIncrement),
                "a queued task takes more flags without a second place in the queue");
        Optional<SyncRun> run = task.start(first.added().get(), flags -> run(task, flags));
        assertTrue(run.isPresent());
        assertEquals(TaskState.RUNNING, task.now().state());
        Set<SyncFlag> expected = EnumSet.copyOf(SCHEDULED);
        expected.add(SyncFlag.HEADERS_ONLY);
        assertEquals(expected, runsMade.get(0));
    }

    @Test
    void onDemandMovesAQueuedTaskAheadWithANewTicketAndTheOldOneNoLongerStartsIt() {
        StoreTask.Ticket scheduled = task.request(SCHEDULED, sequence::getAndIncrement).added().orElseThrow();
        StoreTask.Requeue promoted = task.request(ON_DEMAND, sequence::getAndIncrement);
        assertEquals(Optional.of(scheduled), promoted.withdrawn());
        StoreTask.Ticket onDemand = promoted.added().orElseThrow();
        assertTrue(onDemand.onDemand());
        assertEquals(scheduled.sequence(), onDemand.sequence(), "it keeps its place among on-demand requests");

        StoreTask other = task("s2");
        PriorityQueue<StoreTask.Ticket> queue = new PriorityQueue<>(StoreTask.Ticket.ORDER);
        queue.add(other.request(SCHEDULED, sequence::getAndIncrement).added().orElseThrow());
        queue.add(onDemand);
        assertEquals(onDemand, queue.poll(), "on demand before scheduled, though queued later");

        assertTrue(task.start(scheduled, flags -> run(task, flags)).isEmpty(), "a withdrawn ticket starts nothing");
        assertTrue(task.start(onDemand, flags -> run(task, flags)).isPresent());
        assertTrue(task.start(onDemand, flags -> run(task, flags)).isEmpty(), "a ticket starts one run only");
        assertEquals(1, runsMade.size());
    }

    @Test
    void aRequestWhileRunningIsOneFollowUpRunOnceTheRunEnds() {
        StoreTask.Ticket ticket = task.request(SCHEDULED, sequence::getAndIncrement).added().orElseThrow();
        SyncRun run = task.start(ticket, flags -> run(task, flags)).orElseThrow();
        assertEquals(StoreTask.Requeue.NONE, task.request(ON_DEMAND, sequence::getAndIncrement));
        assertEquals(StoreTask.Requeue.NONE, task.request(SCHEDULED, sequence::getAndIncrement));
        assertEquals(StoreTask.Requeue.NONE, task.ended(run(task, SCHEDULED), true, sequence::getAndIncrement),
                "the end of another run changes nothing");
        StoreTask.Requeue followUp = task.ended(run, true, sequence::getAndIncrement);
        StoreTask.Ticket next = followUp.added().orElseThrow();
        assertTrue(next.onDemand());
        assertEquals(TaskState.QUEUED, task.now().state());
        task.start(next, flags -> run(task, flags)).orElseThrow();
        Set<SyncFlag> expected = EnumSet.copyOf(SCHEDULED);
        expected.addAll(ON_DEMAND);
        assertEquals(expected, runsMade.get(runsMade.size() - 1));
    }

    @Test
    void aRunThatEndsAfterItsStoreLeftHasNoFollowUpAndACancelDropsTheQueuedOne() {
        StoreTask.Ticket ticket = task.request(SCHEDULED, sequence::getAndIncrement).added().orElseThrow();
        SyncRun run = task.start(ticket, flags -> run(task, flags)).orElseThrow();
        task.request(SCHEDULED, sequence::getAndIncrement);
        assertEquals(StoreTask.Requeue.NONE, task.ended(run, false, sequence::getAndIncrement));
        assertEquals(TaskState.IDLE, task.now().state());

        StoreTask.Ticket queued = task.request(SCHEDULED, sequence::getAndIncrement).added().orElseThrow();
        assertEquals(Optional.of(queued), task.cancelQueued());
        assertEquals(TaskState.IDLE, task.now().state());
        assertTrue(task.start(queued, flags -> run(task, flags)).isEmpty(), "a cancelled ticket starts nothing");
        assertTrue(task.cancelQueued().isEmpty(), "nothing queued to cancel");

        StoreTask.Ticket last = task.request(SCHEDULED, sequence::getAndIncrement).added().orElseThrow();
        StoreTask.Retired retired = task.retire();
        assertEquals(Optional.of(last), retired.withdrawn());
        assertTrue(retired.running().isEmpty());
    }

    /**
     * Requests from many threads (the timer, the shell, the page), runs started and ended as
     * the scheduler does under its lock, and a status reader that takes no scheduler lock: the
     * queue never holds the task twice, no flag is lost, and every look at the task is whole
     * (running exactly when it has a run).
     */
    @Test
    void concurrentRequestsRunsAndLooksKeepTheTaskWhole() throws Exception {
        Object schedulerLock = new Object();
        PriorityQueue<StoreTask.Ticket> queue = new PriorityQueue<>(StoreTask.Ticket.ORDER);
        SyncFlag[] flags = {SyncFlag.UPLOAD_CONTENTS, SyncFlag.DOWNLOAD_CONTENTS, SyncFlag.UPLOAD_HIERARCHY,
            SyncFlag.DOWNLOAD_HIERARCHY, SyncFlag.HEADERS_ONLY, SyncFlag.ON_DEMAND};
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> requesters = new ArrayList<>();
        for (SyncFlag flag : flags) {
            requesters.add(new Thread(() -> {
                await(go);
                for (int n = 0; n < 2_000; n++) {
                    synchronized (schedulerLock) {
                        apply(queue, task.request(EnumSet.of(flag), sequence::getAndIncrement));
                    }
                }
            }));
        }
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger broken = new java.util.concurrent.atomic.AtomicInteger();
        Thread reader = new Thread(() -> {
            await(go);
            while (!done.get()) {
                StoreTask.Now now = task.now();
                if ((now.state() == TaskState.RUNNING) != now.run().isPresent()) {
                    broken.incrementAndGet();
                }
            }
        });
        Thread runner = new Thread(() -> {
            await(go);
            while (!done.get()) {
                synchronized (schedulerLock) {
                    StoreTask.Ticket turn = queue.poll();
                    Optional<SyncRun> run = turn == null ? Optional.empty() : task.start(turn, f -> run(task, f));
                    if (run.isPresent()) {
                        apply(queue, task.ended(run.get(), true, sequence::getAndIncrement));
                    }
                }
            }
        });
        requesters.forEach(Thread::start);
        reader.start();
        runner.start();
        go.countDown();
        for (Thread thread : requesters) {
            thread.join(20_000);
            assertFalse(thread.isAlive());
        }
        done.set(true);
        runner.join(20_000);
        reader.join(20_000);
        assertFalse(runner.isAlive() || reader.isAlive());
        assertEquals(0, broken.get(), "looks that saw a running task without a run, or the other way round");
        assertTrue(queue.size() <= 1, "the task is in the queue once at most: " + queue.size());
        // What is still queued runs now: every flag asked was in some run.
        StoreTask.Ticket last = queue.poll();
        if (last != null) {
            task.start(last, f -> run(task, f)).orElseThrow();
        }
        Set<SyncFlag> ran = EnumSet.noneOf(SyncFlag.class);
        runsMade.forEach(ran::addAll);
        assertEquals(EnumSet.copyOf(List.of(flags)), ran);
    }

    private static void apply(PriorityQueue<StoreTask.Ticket> queue, StoreTask.Requeue change) {
        change.withdrawn().ifPresent(queue::remove);
        change.added().ifPresent(queue::add);
    }

    private static void await(CountDownLatch go) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
