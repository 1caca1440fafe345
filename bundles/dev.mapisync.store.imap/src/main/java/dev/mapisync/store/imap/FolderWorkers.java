package dev.mapisync.store.imap;

import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.store.FolderSyncState;
import dev.mapisync.api.store.StoreException;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Spreads an attempt's folders (all but those the listing shows unchanged) over as many
 * connections as the account allows, each taking the next folder and planning, applying and
 * downloading it while it is open (one SELECT): the server looks at several folders at once
 * (Dovecot rescans a folder changed a moment ago on every access, which is where a resync
 * after changes spends its time). The sync's own connection is one of them; the others log in
 * (or are the ones kept from the last sync) meanwhile. A further connection the server refuses
 * just leaves its share to the others. The first failure stops them all and is the attempt's.
 * A kept connection that still has a folder of the queue selected takes that folder first (a
 * NOOP tells whether it changed; see {@link ImapConnection}), so each is claimed before anyone
 * takes from the queue.
 */
final class FolderWorkers {

    private final SyncParts parts;
    private final Attempt attempt;
    private final Map<FolderPath, String> serverNames;
    private final Queue<FolderPath> queue = new ConcurrentLinkedQueue<>();
    private final Map<FolderPath, Long> estimates = new HashMap<>();
    private final FolderPlanner planner;
    private final ServerChanges changes;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /**
     * The standing of each folder a kept connection holds, as another connection saw it before
     * the work began (see {@link KeptFolderCheck}); only such a folder can be quiet.
     */
    private Map<String, FolderSyncState> confirmed = Map.of();
    /** How many connections work: one each for as many folders as the account allows. */
    private final int workers;
    /**
     * Whether each connection takes one folder only (the one it has selected, if any): where every
     * folder can have a connection of its own, each folder then stays selected where it is, for the
     * next sync.
     */
    private final boolean oneEach;
    /** What one batch fetch may bring: the connections at work share {@link BodyBatch#MAX_BYTES}. */
    private final long batchBytes;

    /** @param serverNames the server's name of each folder the sync covers */
    FolderWorkers(SyncParts parts, Attempt attempt, Map<FolderPath, String> serverNames) throws StoreException {
        this.parts = parts;
        this.attempt = attempt;
        this.serverNames = serverNames;
        this.planner = new FolderPlanner(parts, attempt.standings());
        this.changes = new ServerChanges(parts.replica(), parts.writers());
        // The total to download is what the listing suggests, corrected as each folder is compared.
        for (FolderPath path : serverNames.keySet()) {
            estimates.put(path, attempt.standings().estimate(path));
            if (!attempt.standings().listedUnchanged(path)) {
                queue.add(path);
            }
        }
        parts.progress().expect(estimates.values().stream().mapToLong(Long::longValue).sum());
        int connections = parts.settings().connections();
        this.oneEach = queue.size() <= connections;
        this.workers = Math.max(1, Math.min(connections, queue.size()));
        this.batchBytes = BodyBatch.MAX_BYTES / workers;
    }

    /** Works through the folders; returns once all are done, or throws the first failure. */
    void run() throws MessagingException, IOException, StoreException {
        ImapConnection main = attempt.main();
        List<ImapConnection> spares = spares(main);
        List<ImapConnection> all = new ArrayList<>(List.of(main));
        all.addAll(spares);
        confirmed = KeptFolderCheck.confirm(all, attempt.standings().byServerName());
        FolderPath own = claim(main);
        List<Thread> threads = startHelpers(spares);
        Worker worker = new Worker(main);
        try {
            work(worker, own, oneEach);
        } finally {
            if (failure.get() != null) {
                // Breaks off what the helpers are fetching: the attempt ends, the next one resumes.
                attempt.closeHelpers();
            }
            join(threads);
        }
        if (failure.get() == null && !parts.cancelled() && !queue.isEmpty()) {
            // Left by a connection the server refused (the folder claimed for it, or its share).
            work(worker, null, false);
        }
        rethrowHelpersFailure();
    }

    /** @return the kept connections that answer, one more than the workers need if only another can confirm main's folder */
    private List<ImapConnection> spares(ImapConnection main) {
        List<ImapConnection> spares = live(parts.kept().takeUnchecked(Math.max(workers - 1, main.heardNothing() ? 1 : 0)));
        if (spares.isEmpty() && main.heardNothing() && parts.settings().connections() > 1) {
            // One folder, one connection so far: a second one confirms it from now on (kept with the others).
            asker().ifPresent(spares::add);
        }
        return spares;
    }

    /** Starts a helper for each worker but the sync's own, each with its spare (and the folder it holds) if there is one. */
    private List<Thread> startHelpers(List<ImapConnection> spares) {
        FolderPath[] claimed = new FolderPath[workers];
        for (int i = 1; i < workers; i++) {
            claimed[i] = i - 1 < spares.size() ? claim(spares.get(i - 1)) : null;
        }
        List<Thread> threads = new ArrayList<>();
        for (int i = 1; i < workers; i++) {
            ImapConnection spare = i - 1 < spares.size() ? spares.get(i - 1) : null;
            FolderPath first = claimed[i];
            Thread thread = new Thread(() -> helper(spare, first),
                    "mapisync-imap-" + parts.settings().account() + "-" + (i + 1));
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        for (int i = workers - 1; i < spares.size(); i++) {
            // Only asked about another's folder: kept for the next sync.
            parts.kept().keep(spares.get(i));
        }
        return threads;
    }

    private void join(List<Thread> threads) {
        for (Thread thread : threads) {
            try {
                // They end: the queue runs dry, or their connection is closed (by the failure or a cancel).
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                parts.cancel().request();
            }
        }
    }

    /** A helper's failure is the attempt's (the sync's own connection is fine); an OutOfMemoryError ends the sync. */
    private void rethrowHelpersFailure() throws MessagingException, IOException, StoreException {
        Throwable failed = failure.get();
        if (failed instanceof OutOfMemoryError error) {
            // Ends the sync (ImapSyncRun says so); a helper's thread would only have died of it.
            throw error;
        }
        if (failed == null) {
            return;
        }
        attempt.failedOnHelper();
        if (failed instanceof MessagingException m) {
            throw m;
        }
        if (failed instanceof IOException io) {
            throw io;
        }
        if (failed instanceof StoreException store) {
            throw store;
        }
        throw (RuntimeException) failed;
    }

    /** @return a new connection to ask another's folder with, if the server lets it log in */
    private Optional<ImapConnection> asker() {
        try {
            return parts.further();
        } catch (MessagingException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** @return the connections that answer a NOOP (asked of all at once); the others are closed */
    private List<ImapConnection> live(List<ImapConnection> candidates) {
        Set<ImapConnection> alive = ConcurrentHashMap.newKeySet();
        Concurrently.forEach(candidates, "mapisync-imap-" + parts.settings().account() + "-check", candidate -> {
            if (candidate.check()) {
                alive.add(candidate);
            } else {
                candidate.close();
            }
        });
        return new ArrayList<>(candidates.stream().filter(alive::contains).toList());
    }

    /** @return the queued folder the connection has selected, taken off the queue for it; else null */
    private FolderPath claim(ImapConnection connection) {
        Optional<String> selected = connection.selectedName();
        if (selected.isEmpty()) {
            return null;
        }
        for (Map.Entry<FolderPath, String> entry : serverNames.entrySet()) {
            if (entry.getValue().equals(selected.get()) && queue.remove(entry.getKey())) {
                return entry.getKey();
            }
        }
        return null;
    }

    /**
     * @param spare a kept connection that answered its NOOP, or null
     * @param first the folder claimed for it, or null
     */
    private void helper(ImapConnection spare, FolderPath first) {
        ImapConnection own = spare;
        try {
            if (own == null) {
                own = parts.kept().take();
            }
            if (own == null && !parts.cancelled() && failure.get() == null) {
                // Within the account's share of the host's budget, or not at all: the others do its share then.
                own = parts.further().orElse(null);
            }
        } catch (MessagingException | RuntimeException e) {
            own = null;
        }
        if (own == null) {
            // Too many connections for the server, say: the others do this one's share.
            if (first != null) {
                queue.add(first);
            }
            return;
        }
        attempt.helping(own);
        if (parts.cancelled()) {
            own.close();
            return;
        }
        try {
            work(new Worker(own), first, oneEach);
        } catch (MessagingException | IOException | StoreException | RuntimeException | OutOfMemoryError e) {
            // Already recorded by work.
        }
    }

    /**
     * Takes folders ({@code first}, if not null, then the queue's; one only if {@code oneEach})
     * until none is left or a connection failed; each stays selected on the connection until
     * the next folder.
     */
    private void work(Worker worker, FolderPath first, boolean oneEach)
            throws MessagingException, IOException, StoreException {
        FolderDownload download = new FolderDownload(parts, attempt.standings(), worker, batchBytes);
        try {
            for (FolderPath path = first != null ? first : queue.poll();
                    path != null && !parts.cancelled() && failure.get() == null; path = oneEach ? null : queue.poll()) {
                syncFolder(worker, download, path);
            }
        } catch (OutOfMemoryError e) {
            failure.compareAndSet(null, e);
            throw e;
        } catch (MessagingException | IOException | StoreException | RuntimeException e) {
            // A refusal read on this thread is the failure: the sync's thread would see only a broken connection.
            Optional<OverBudget> refused = parts.refusals().take();
            if (failure.compareAndSet(null, refused.isPresent() ? refused.get() : e)) {
                attempt.failedOn(worker.batching());
            }
            if (refused.isPresent()) {
                throw refused.get();
            }
            throw e;
        }
    }

    /**
     * One folder: plan (a folder the replica starts anew gets its start first), apply the
     * server's changes, download, and leave it selected for the next sync.
     */
    private void syncFolder(Worker worker, FolderDownload download, FolderPath path)
            throws MessagingException, IOException, StoreException {
        String name = serverNames.get(path);
        FolderPlan first = planner.plan(worker.connection(), path, name, Optional.ofNullable(confirmed.get(name)));
        if (first.restart().isPresent()) {
            changes.apply(first);
        }
        FolderPlan plan = first.restart().isPresent() ? planner.afterRestart(worker.connection(), first) : first;
        changes.apply(plan);
        parts.progress().foretell(plan.newUids().size() - estimates.get(path));
        // Kept selected only where the next sync on kept connections does not list each folder's
        // standing (there are more folders than connections): else that listing tells an unchanged folder.
        Optional<FolderSyncState> reached = download.download(plan)
                .filter(r -> serverNames.size() <= parts.settings().connections());
        ImapConnection.withMailClassLoader(() -> {
            worker.connection().leaveSelected(name, plan.folder(), reached);
            return null;
        });
    }
}
