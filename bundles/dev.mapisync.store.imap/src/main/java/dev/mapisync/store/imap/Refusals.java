package dev.mapisync.store.imap;

import dev.mapisync.api.message.FolderPath;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What one sync does about the answers the response guard refused ({@link ResponseBudget}):
 * a message whose answer was over the budget is skipped from then on, a folder whose QRESYNC
 * report was is compared the long way (in slices), and either costs the attempt nothing (the
 * connection had to go, the sync goes on anew at once); any other refusal ends the sync. The
 * free attempts are bounded, so a server that refuses everything still ends the sync.
 */
final class Refusals {

    /** Free attempts at most per sync; further refusals count as failed attempts. */
    static final int FREE_ATTEMPTS = 20;

    private final ResponseBudget budget;
    /** Why each skipped message was, by "folder UID". */
    private final Map<String, String> messages = new ConcurrentHashMap<>();
    private final Set<FolderPath> longWay = ConcurrentHashMap.newKeySet();
    private final AtomicReference<String> retry = new AtomicReference<>();
    private final AtomicInteger free = new AtomicInteger();

    Refusals(ResponseBudget budget) {
        this.budget = budget;
    }

    /** Forgets what this thread's guards refused before now (a pooled thread may carry an old verdict). */
    void forgetEarlier() {
        budget.take();
    }

    /** @return what the guard refused on this thread, if it did (forgotten now) */
    Optional<OverBudget> take() {
        return budget.take();
    }

    /**
     * Fetching a message failed: if the guard refused its answer, the message is skipped from
     * now on and the next attempt is free.
     */
    void messageFailed(FolderPath folder, long uid) {
        budget.take().ifPresent(verdict -> {
            messages.put(folder + " " + uid, verdict.getMessage());
            retry.set(folder + ": message UID " + uid + " is skipped (" + verdict.getMessage() + ")");
        });
    }

    /** @return why the message is skipped, if the guard refused it in this sync */
    Optional<String> skipped(FolderPath folder, long uid) {
        return Optional.ofNullable(messages.get(folder + " " + uid));
    }

    /** A QRESYNC comparison failed: if the guard refused the server's report, the folder goes the long way. */
    void quickPlanFailed(FolderPath folder) {
        budget.take().ifPresent(verdict -> {
            longWay.add(folder);
            retry.set(folder + ": compared in slices (" + verdict.getMessage() + ")");
        });
    }

    /** @return whether the folder is compared without QRESYNC, its report having been over the budget */
    boolean longWay(FolderPath folder) {
        return longWay.contains(folder);
    }

    /** @return what the next attempt, free, does differently; empty if it is not free */
    Optional<String> freeAttempt() {
        String why = retry.getAndSet(null);
        return why != null && free.incrementAndGet() <= FREE_ATTEMPTS ? Optional.of(why) : Optional.empty();
    }
}
