package dev.mapisync.store.imap;

import dev.mapisync.api.Status;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.message.MessageInfo;
import dev.mapisync.api.store.FolderSyncState;
import dev.mapisync.api.store.LocalChange;
import dev.mapisync.api.store.Replica;
import dev.mapisync.api.store.StoreException;
import dev.mapisync.api.store.WellKnownFolder;
import dev.mapisync.api.sync.SyncFlag;
import dev.mapisync.api.sync.SyncHandle;
import dev.mapisync.api.sync.SyncProgressCallback;
import dev.mapisync.api.sync.SyncRequest;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.FolderClosedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.StoreClosedException;
import jakarta.mail.UIDFolder;
import jakarta.mail.event.MailEvent;
import jakarta.mail.event.MessageChangedEvent;
import java.io.IOException;
import java.io.InputStream;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.MessageVanishedEvent;
import org.eclipse.angus.mail.imap.ResyncData;
import org.eclipse.angus.mail.imap.protocol.ListInfo;

/**
 * One sync of an IMAP account with its replica, run on the host's executor: upload of the
 * user's journaled changes, download of the hierarchy, then of each folder's new messages,
 * flag changes and expunges. Everything it writes into the replica is idempotent and carries
 * the server's UID, so a sync broken off at any point (cancel, network, crash) resumes
 * without downloading again what the replica holds and without duplicates.
 *
 * <p>A message that fails is reported through {@code error} and skipped (the sync ends
 * {@link Status#PARTIAL}); a logon failure ends the sync at once; a broken connection is
 * retried with backoff before the sync ends {@link Status#NETWORK}; a cancel closes the
 * connection, which breaks off any blocking read at once.
 */
final class ImapSyncRun implements SyncHandle {

    static final int ATTEMPTS = 3;
    static final long FIRST_BACKOFF_MILLIS = 500;
    static final int BATCH = 100;
    static final int WRITERS = 4;
    /**
     * Fetched content waiting for the writers at most: the fetching waits beyond it. Small on
     * purpose: what waits when the young generation is collected gets promoted, and with 16 MB
     * a full sync in the launcher's 128 MB heap took three times the full collections (measured
     * at 20,000 messages: 28 against 10) and was no faster.
     */
    static final long WRITER_BUDGET = 6L * 1024 * 1024;

    private final ImapSettings settings;
    private final Session session;
    private final KeptConnections kept;
    private final SyncRequest request;
    private final Replica replica;
    private final SyncProgressCallback callback;
    private final CompletableFuture<Status> completion = new CompletableFuture<>();
    /** Made at its first use: making one costs more than a sync that finds nothing changed (see {@link #grouped}). */
    private NumberFormat numbers;
    private volatile boolean cancelled;
    private volatile ImapConnection connection;
    /** This attempt's further connections, each comparing and downloading folders of its own; a cancel closes them. */
    private final Set<ImapConnection> helpers = ConcurrentHashMap.newKeySet();
    /** Whether this attempt runs on the connection the last sync kept. */
    private boolean reused;
    /** How often the connection broke while fetching a message, by "folder UID": a message that breaks it twice is skipped. */
    private final Map<String, Integer> drops = new ConcurrentHashMap<>();
    /** Folders whose bodies are fetched one by one: a batch fetch there broke the connection or was refused. */
    private final Set<FolderPath> oneByOne = ConcurrentHashMap.newKeySet();
    /** Each server folder as listed with its standing, if the server said (LIST-STATUS). */
    private final Map<FolderPath, FolderListing.Entry> listing = new ConcurrentHashMap<>();
    /** Each folder's sync state as this attempt found it. */
    private final Map<FolderPath, Optional<FolderSyncState>> startStates = new ConcurrentHashMap<>();
    /** The folder whose batch fetch was on the wire when this attempt's connection broke, if one was. */
    private volatile FolderPath brokeBatching;
    /** Fetched small messages and flag changes go into the replica from these threads (they share the disk's flushes). */
    private final ParallelAppends appends;
    /** What all accounts of the host share: connections and message bytes in memory. */
    private final ImapBudget budget;
    private volatile boolean partial;
    /** What this sync does about answers the response guard refused. */
    private final Refusals refusals;
    /** What one batch fetch may bring: the connections at work share {@link BodyBatch#MAX_BYTES}. */
    private volatile long batchBytes = BodyBatch.MAX_BYTES;
    /** Guarded by this, as every call of the callback (the host wants them one at a time). */
    private long index;
    private long indexMax;

    ImapSyncRun(ImapSettings settings, Session session, KeptConnections kept, ImapBudget budget, SyncRequest request,
            Replica replica) {
        this.settings = settings;
        this.budget = budget;
        this.appends = new ParallelAppends(WRITERS, WRITER_BUDGET, budget.messageBytes(), "mapisync-imap-store");
        this.session = session;
        this.kept = kept;
        this.request = request;
        this.replica = replica;
        this.callback = request.callback();
        this.refusals = new Refusals(ImapLogin.budget(session));
    }

    void start() {
        request.session().executor().execute(this::run);
    }

    @Override
    public CompletionStage<Status> completion() {
        return completion;
    }

    @Override
    public void cancel() {
        cancelled = true;
        ImapConnection open = connection;
        if (open != null) {
            open.abort();
        }
        helpers.forEach(ImapConnection::abort);
    }

    private void run() {
        Status status = Status.PROVIDER_FAULT;
        try {
            status = syncWithRetries();
        } catch (StoreException e) {
            error(e.status(), "the replica: " + e.getMessage());
            status = e.status();
        } catch (RuntimeException e) {
            if (cancelled) {
                // A cancel closes the connections under the workers; Angus may say so as an IllegalStateException.
                status = Status.CANCELLED;
            } else {
                error(Status.PROVIDER_FAULT, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        } catch (OutOfMemoryError e) {
            // The heap is the whole host's: this sync lets go of what it holds and ends; the next one starts afresh.
            appends.dropQueued();
            error(Status.PROVIDER_FAULT, "out of memory (" + e.getMessage() + "); the sync ended, the next one resumes");
        } finally {
            if (status == Status.CANCELLED) {
                appends.dropQueued();
            }
            appends.close();
            callback.done(status);
            completion.complete(status);
        }
    }

    /** The attempts and what ends each; long, as every way an attempt can end is decided here, in one place. */
    private Status syncWithRetries() throws StoreException {
        if (settings.unresolvedSecret().isPresent()) {
            error(Status.LOGON, "IMAP account " + settings.account() + ": " + settings.unresolvedSecret().get());
            return Status.LOGON;
        }
        long backoff = FIRST_BACKOFF_MILLIS;
        for (int attempt = 1; ; attempt++) {
            if (cancelled) {
                return Status.CANCELLED;
            }
            refusals.forgetEarlier();
            try {
                ImapConnection reusable = attempt == 1 ? kept.take() : null;
                reused = reusable != null;
                brokeBatching = null;
                if (!reused) {
                    progress("Connecting to " + settings.host());
                }
                if (!reused) {
                    // The host's budget may make this wait for another account's sync to end (or a kept one to close).
                    Optional<ConnectionPermits.Permit> permit = budget.connections().first(settings.account(),
                            () -> cancelled);
                    if (permit.isEmpty()) {
                        return Status.CANCELLED;
                    }
                    connection = ImapLogin.open(session, settings, permit.get());
                } else {
                    connection = reusable;
                }
                if (cancelled) {
                    return Status.CANCELLED;
                }
                // What an earlier attempt handed to the writers is in the replica before this one plans.
                awaitAppends();
                syncOnce(connection);
                if (!cancelled) {
                    // The next sync starts logged in, with the looks that confirm kept folders cheap already.
                    List<ImapConnection> all = new ArrayList<>(List.of(connection));
                    all.addAll(helpers);
                    KeptFolderCheck.prepare(all);
                    // The sync's own connection last, so that the next sync takes it first: the same connection
                    // lists the folders every time, and each folder's asker stays the same.
                    helpers.forEach(kept::keep);
                    helpers.clear();
                    kept.keep(connection);
                    connection = null;
                }
                return cancelled ? Status.CANCELLED : partial ? Status.PARTIAL : Status.SUCCESS;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Status.CANCELLED;
            } catch (AuthenticationFailedException e) {
                error(Status.LOGON, "the server " + settings.host() + " refused the credentials of "
                        + settings.user() + ": " + e.getMessage());
                return Status.LOGON;
            } catch (MessagingException | IOException e) {
                if (cancelled) {
                    return Status.CANCELLED;
                }
                Optional<String> free = refusals.freeAttempt();
                if (free.isPresent()) {
                    // A refused answer broke the connection off; what it was about is dealt with from now on.
                    progress(free.get() + "; connecting anew");
                    attempt--;
                    continue;
                }
                Optional<OverBudget> refused = e instanceof OverBudget verdict ? Optional.of(verdict) : refusals.take();
                if (refused.isPresent()) {
                    error(Status.PROTOCOL, "the server " + settings.host() + " sent more than mapisync takes in: "
                            + refused.get().getMessage() + "; the connection was broken off and the sync ends");
                    return Status.PROTOCOL;
                }
                if (isCertificate(e)) {
                    error(Status.PROTOCOL, "the certificate of " + settings.host() + " is not trusted (configure a "
                            + "trust store that holds it, or its authority): " + text(e));
                    return Status.PROTOCOL;
                }
                if (!isNetwork(e)) {
                    error(Status.PROTOCOL, "the server " + settings.host() + " answered unexpectedly: " + text(e));
                    return Status.PROTOCOL;
                }
                if (reused) {
                    // The kept connection died while unused (an idle logout, say): log in anew, not a failed attempt.
                    attempt--;
                    continue;
                }
                if (brokeBatching != null && oneByOne.add(brokeBatching)) {
                    // Perhaps one message the server cannot serve: that folder goes one by one, where such a
                    // message is found and skipped. A change of method, not a failed attempt (once per folder).
                    progress(brokeBatching + ": fetching one message at a time");
                    attempt--;
                    continue;
                }
                if (attempt == ATTEMPTS) {
                    error(Status.NETWORK, "the server " + settings.host() + " cannot be reached after " + ATTEMPTS
                            + " attempts: " + text(e));
                    return Status.NETWORK;
                }
                progress("Connection lost (" + text(e) + "); trying again");
                if (!pause(backoff)) {
                    return Status.CANCELLED;
                }
                backoff *= 2;
            } finally {
                ImapConnection open = connection;
                connection = null;
                if (open != null) {
                    open.close();
                }
                helpers.forEach(ImapConnection::close);
                helpers.clear();
            }
        }
    }

    /** Waits, unless cancelled. @return false if cancelled */
    private boolean pause(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (!cancelled && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(Math.min(50, Math.max(1, deadline - System.currentTimeMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !cancelled;
    }

    private static boolean isNetwork(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause() != null ? t.getCause()
                : t instanceof MessagingException m ? m.getNextException() : null) {
            // ConnectionException: Angus's word for a connection that broke (it answers a synthetic BYE).
            if (t instanceof IOException || t instanceof FolderClosedException || t instanceof StoreClosedException
                    || t instanceof org.eclipse.angus.mail.iap.ConnectionException) {
                return true;
            }
            if (t == t.getCause()) {
                break;
            }
        }
        return false;
    }

    /** A TLS handshake that failed on the certificate: retrying will not help. */
    private static boolean isCertificate(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLHandshakeException || t instanceof java.security.cert.CertificateException) {
                return true;
            }
            if (t == t.getCause()) {
                break;
            }
        }
        return false;
    }

    private static String text(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replaceAll("\\s+", " ").trim();
    }

    // ---- one pass

    private void syncOnce(ImapConnection main) throws MessagingException, IOException, StoreException {
        char separator = ImapConnection.withMailClassLoader(main::separator);
        if (request.has(SyncFlag.UPLOAD_HIERARCHY) || request.has(SyncFlag.UPLOAD_CONTENTS)) {
            upload(main, separator);
        }
        Map<FolderPath, String> folders = serverFolders(main, separator);
        if (request.has(SyncFlag.DOWNLOAD_HIERARCHY)) {
            mirrorHierarchy(folders.keySet());
        }
        if (request.has(SyncFlag.DOWNLOAD_CONTENTS)) {
            // The total to download is what the listing suggests, corrected as each folder is compared.
            Map<FolderPath, Long> estimates = new HashMap<>();
            Queue<FolderPath> toCompare = new ConcurrentLinkedQueue<>();
            for (FolderPath path : folders.keySet()) {
                estimates.put(path, estimate(path));
                if (!listedUnchanged(path)) {
                    toCompare.add(path);
                }
            }
            expect(estimates.values().stream().mapToLong(Long::longValue).sum());
            new FolderWorkers(toCompare, folders, estimates).run(main);
            awaitAppends();
        }
        synchronized (this) {
            callback.progress("Done", Math.max(index, indexMax), Math.max(index, indexMax));
        }
    }

    /**
     * Compares and downloads the folders (all but those the listing shows unchanged), each while
     * it is open (one SELECT), over as many connections as the account allows, each taking the
     * next folder: the server looks at several folders at once (Dovecot rescans a folder changed
     * a moment ago on every access, which is where a resync after changes spends its time). The
     * sync's own connection is one of them; the others log in (or are the ones kept from the last
     * sync) meanwhile. A further connection the server refuses just leaves its share to the
     * others. The first failure stops them all and is the attempt's. A kept connection that
     * still has a folder of the queue selected takes that folder first (a NOOP tells whether it
     * changed; see {@link ImapConnection}), so each is claimed before anyone takes from the queue.
     */
    private final class FolderWorkers {
        private final Queue<FolderPath> queue;
        private final Map<FolderPath, String> serverNames;
        private final Map<FolderPath, Long> estimates;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        /**
         * The standing of each folder a kept connection holds, as another connection saw it
         * before the work began (see {@link KeptFolderCheck}); only such a folder can be quiet.
         */
        private Map<String, FolderSyncState> confirmed = Map.of();

        FolderWorkers(Queue<FolderPath> queue, Map<FolderPath, String> serverNames, Map<FolderPath, Long> estimates) {
            this.queue = queue;
            this.serverNames = serverNames;
            this.estimates = estimates;
        }

        void run(ImapConnection main) throws MessagingException, IOException, StoreException {
            List<Thread> threads = new ArrayList<>();
            // Where every folder can have a connection of its own, each connection takes one folder only (the one it
            // has selected, if any): each folder then stays selected where it is, for the next sync.
            boolean oneEach = queue.size() <= settings.connections();
            int workers = Math.max(1, Math.min(settings.connections(), queue.size()));
            batchBytes = BodyBatch.MAX_BYTES / workers;
            // One more than the workers need if only another connection can confirm the sync's own kept folder.
            List<ImapConnection> spares = live(kept.takeUnchecked(Math.max(workers - 1, main.heardNothing() ? 1 : 0)));
            if (spares.isEmpty() && main.heardNothing() && settings.connections() > 1) {
                // One folder, one connection so far: a second one confirms it from now on (kept with the others).
                asker().ifPresent(spares::add);
            }
            List<ImapConnection> all = new ArrayList<>(List.of(main));
            all.addAll(spares);
            confirmed = KeptFolderCheck.confirm(all, listedStandings());
            FolderPath[] claimed = new FolderPath[workers];
            claimed[0] = claim(main);
            for (int i = 1; i < workers; i++) {
                claimed[i] = i - 1 < spares.size() ? claim(spares.get(i - 1)) : null;
            }
            for (int i = 1; i < workers; i++) {
                ImapConnection spare = i - 1 < spares.size() ? spares.get(i - 1) : null;
                FolderPath first = claimed[i];
                Thread thread = new Thread(() -> helper(spare, first, oneEach),
                        "mapisync-imap-" + settings.account() + "-" + (i + 1));
                thread.setDaemon(true);
                thread.start();
                threads.add(thread);
            }
            for (int i = workers - 1; i < spares.size(); i++) {
                // Only asked about another's folder: kept for the next sync.
                kept.keep(spares.get(i));
            }
            Worker own = new Worker(main);
            try {
                work(own, claimed[0], oneEach);
            } finally {
                if (failure.get() != null) {
                    // Breaks off what the helpers are fetching: the attempt ends, the next one resumes.
                    helpers.forEach(ImapConnection::close);
                }
                for (Thread thread : threads) {
                    try {
                        // They end: the queue runs dry, or their connection is closed (by the failure or a cancel).
                        thread.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        cancel();
                    }
                }
            }
            if (failure.get() == null && !cancelled && !queue.isEmpty()) {
                // Left by a connection the server refused (the folder claimed for it, or its share).
                work(own, null, false);
            }
            Throwable failed = failure.get();
            if (failed instanceof OutOfMemoryError error) {
                // Ends the sync (run() says so); a helper's thread would only have died of it.
                throw error;
            }
            if (failed != null) {
                // A helper's failure: the sync's own connection is fine, so this is an attempt that failed.
                reused = false;
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
        }

        /** @return a new connection to ask another's folder with, if the server lets it log in */
        private Optional<ImapConnection> asker() {
            try {
                Optional<ConnectionPermits.Permit> permit = budget.connections().further(settings.account());
                return permit.isEmpty() ? Optional.empty() : Optional.of(ImapLogin.open(session, settings, permit.get()));
            } catch (MessagingException | RuntimeException e) {
                return Optional.empty();
            }
        }

        /** @return the connections that answer a NOOP (asked of all at once); the others are closed */
        private List<ImapConnection> live(List<ImapConnection> candidates) {
            Set<ImapConnection> alive = ConcurrentHashMap.newKeySet();
            Concurrently.forEach(candidates, "mapisync-imap-" + settings.account() + "-check", candidate -> {
                if (candidate.check()) {
                    alive.add(candidate);
                } else {
                    candidate.close();
                }
            });
            return new ArrayList<>(candidates.stream().filter(alive::contains).toList());
        }

        /** @return the standing the listing reported for each folder, by server name */
        private Map<String, FolderSyncState> listedStandings() {
            Map<String, FolderSyncState> standings = new HashMap<>();
            listing.forEach((path, entry) -> entry.standing().ifPresent(s -> standings.put(entry.name(), s)));
            return standings;
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
         * @param oneEach whether the connection takes one folder only
         */
        private void helper(ImapConnection spare, FolderPath first, boolean oneEach) {
            ImapConnection own = spare;
            try {
                if (own == null) {
                    own = kept.take();
                }
                if (own == null && !cancelled && failure.get() == null) {
                    // Within the account's share of the host's budget, or not at all: the others do its share then.
                    Optional<ConnectionPermits.Permit> permit = budget.connections().further(settings.account());
                    own = permit.isEmpty() ? null : ImapLogin.open(session, settings, permit.get());
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
            helpers.add(own);
            if (cancelled) {
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
            try {
                for (FolderPath path = first != null ? first : queue.poll();
                        path != null && !cancelled && failure.get() == null; path = oneEach ? null : queue.poll()) {
                    String name = serverNames.get(path);
                    FolderPlan plan = plan(worker, path, name, Optional.ofNullable(confirmed.get(name)));
                    foretell(plan.newUids().size() - estimates.get(path));
                    // Kept selected only where the next sync on kept connections does not list each folder's
                    // standing (there are more folders than connections): else that listing tells an unchanged folder.
                    Optional<FolderSyncState> reached = download(worker, plan)
                            .filter(r -> serverNames.size() <= settings.connections());
                    ImapConnection.withMailClassLoader(() -> {
                        worker.connection.leaveSelected(name, plan.folder(), reached);
                        return null;
                    });
                }
            } catch (OutOfMemoryError e) {
                failure.compareAndSet(null, e);
                throw e;
            } catch (MessagingException | IOException | StoreException | RuntimeException e) {
                // A refusal read on this thread is the failure: the sync's thread would see only a broken connection.
                Optional<OverBudget> refused = refusals.take();
                if (failure.compareAndSet(null, refused.isPresent() ? refused.get() : e)) {
                    brokeBatching = worker.batching;
                }
                if (refused.isPresent()) {
                    throw refused.get();
                }
                throw e;
            }
        }
    }

    /** One connection's share of the folders: the folder it downloads and where it is. */
    private static final class Worker {
        final ImapConnection connection;
        final IMAPStore store;
        /** The folder whose batch fetch is on the wire, if one is. */
        FolderPath batching;
        /** Messages of the folder being downloaded dealt with so far. */
        int folderDone;

        Worker(ImapConnection connection) {
            this.connection = connection;
            this.store = connection.store();
        }
    }

    /** @return the count with its thousands grouped, as the host's texts give counts */
    private synchronized String grouped(long count) {
        if (numbers == null) {
            numbers = NumberFormat.getIntegerInstance(Locale.US);
        }
        return numbers.format(count);
    }

    /** A step of the sync for the host (calls on the callback are serialized: several connections report). */
    private synchronized void progress(String step) {
        callback.progress(step, index, Math.max(index, indexMax));
    }

    private synchronized void error(Status status, String text) {
        callback.error(status, text);
    }

    /** {@code messages} more to download from here on, as far as the listing tells. */
    private synchronized void expect(long messages) {
        indexMax = index + messages;
    }

    /** The total to download grows (or shrinks) by {@code delta}, as a folder's comparison tells. */
    private synchronized void foretell(long delta) {
        indexMax += delta;
    }

    /**
     * Lists the server's folders. When they outnumber the connections, their standing too
     * (LIST-STATUS), so that only those that changed are selected; when every folder can have a
     * connection of its own, each is selected at once instead: as quick, and a folder that
     * changed is looked at once, where asking its status first makes a server like Dovecot
     * rescan it twice (the last second's changes are rescanned on every access).
     *
     * @return the server's name of each folder this sync covers
     */
    private Map<FolderPath, String> serverFolders(ImapConnection main, char separator)
            throws MessagingException, IOException, StoreException {
        Map<FolderPath, String> folders = new LinkedHashMap<>();
        listing.clear();
        startStates.clear();
        if (!reused && FolderListing.supported(main)) {
            // Logged in anew (as nearly every sync is on a host with many more accounts than kept connections): one
            // listing with each folder's standing, and unchanged folders are not even selected nor given a connection.
            for (FolderListing.Entry entry : ImapConnection.withMailClassLoader(() -> FolderListing.list(main))) {
                Optional<FolderPath> path = synced(entry.name(), separator);
                if (path.isPresent() && entry.selectable()) {
                    folders.put(path.get(), entry.name());
                    listing.put(path.get(), entry);
                }
            }
            return folders;
        }
        for (ListInfo folder : ImapConnection.withMailClassLoader(main::listAll)) {
            // \Noselect: a name in the hierarchy only, holding no messages.
            Optional<FolderPath> path = synced(folder.name, separator);
            if (path.isPresent() && folder.canOpen) {
                folders.put(path.get(), folder.name);
            }
        }
        // Else folders stay selected on the kept connections for the next sync, a NOOP each telling whether one changed,
        // unless there are more folders than connections.
        if (folders.size() > settings.connections() && FolderListing.supported(main)) {
            Map<String, FolderPath> byName = new HashMap<>();
            folders.forEach((path, name) -> byName.put(name, path));
            Optional<String> own = main.selectedName();
            for (FolderListing.Entry entry : ImapConnection.withMailClassLoader(() -> FolderListing.list(main))) {
                FolderPath path = byName.get(entry.name());
                // The folder selected on this connection may be reported as it was when selected (KeptFolderCheck).
                if (path != null && entry.selectable() && !own.equals(Optional.of(entry.name()))) {
                    listing.put(path, entry);
                }
            }
        }
        return folders;
    }

    /** @return the folder's sync state as this sync found it (the writers move the replica's on meanwhile) */
    private Optional<FolderSyncState> startState(FolderPath path) throws StoreException {
        Optional<FolderSyncState> state = startStates.get(path);
        if (state == null) {
            state = replica.syncState(path);
            startStates.put(path, state);
        }
        return state;
    }

    /** @return how many messages the folder may bring, as far as the server's listing tells (0 if it told nothing) */
    private long estimate(FolderPath path) throws StoreException {
        FolderListing.Entry listed = listing.get(path);
        if (listed == null || listed.standing().isEmpty()) {
            return 0;
        }
        FolderSyncState now = listed.standing().get();
        Optional<FolderSyncState> last = startState(path).filter(s -> s.validity() == now.validity());
        return last.isPresent() ? Math.max(0, now.uidNext() - last.get().uidNext()) : listed.messages();
    }

    /** @return the replica path of a server folder this sync covers; empty if excluded, out of scope or unmappable (reported) */
    private Optional<FolderPath> synced(String serverName, char separator) {
        FolderPath path;
        try {
            path = FolderMapping.path(serverName, separator);
        } catch (IllegalArgumentException e) {
            error(Status.PROTOCOL, "server folder \"" + serverName + "\" is skipped: " + e.getMessage());
            partial = true;
            return Optional.empty();
        }
        return settings.includes(FolderMapping.display(path)) && inScope(path) ? Optional.of(path) : Optional.empty();
    }

    private boolean inScope(FolderPath path) {
        return request.folderScope().map(scope -> scope.stream().anyMatch(s -> s.contains(path))).orElse(true);
    }

    private void mirrorHierarchy(Set<FolderPath> server) throws StoreException {
        for (FolderPath path : server) {
            replica.applyRemoteCreateFolder(path);
        }
        Set<FolderPath> pendingLocal = new HashSet<>();
        for (LocalChange change : replica.pendingChanges()) {
            pendingLocal.add(change.folder());
            change.target().ifPresent(pendingLocal::add);
        }
        List<FolderPath> local = new ArrayList<>(replica.folderPaths());
        Collections.reverse(local);
        for (FolderPath path : local) {
            boolean onServer = server.stream().anyMatch(path::contains);
            if (!onServer && !path.equals(WellKnownFolder.INBOX.path()) && !pendingLocal.contains(path)
                    && settings.includes(FolderMapping.display(path)) && inScope(path)) {
                replica.applyRemoteDeleteFolder(path);
            }
        }
    }

    // ---- download

    /** What one folder needs: its state on the server and the UIDs to fetch. */
    private record FolderPlan(FolderPath path, IMAPFolder folder, long validity, long uidNext, long highestModSeq,
            List<Long> newUids) {
    }

    /** A sync state a resync can start from: the server's numbering, where it stood and its modification sequence. */
    private Optional<FolderSyncState> resumable(FolderPath path) throws StoreException {
        return startState(path).flatMap(ImapSyncRun::resumableState);
    }

    /** @return whether the server's listing says the folder is where the last sync left it (it is not even selected) */
    private boolean listedUnchanged(FolderPath path) throws StoreException {
        Optional<FolderSyncState> resumable = resumable(path);
        return resumable.isPresent() && listing.containsKey(path) && resumable.equals(listing.get(path).standing());
    }

    /** @param seenElsewhere the folder's standing as seen from a connection not holding it, if one saw it */
    private FolderPlan plan(Worker worker, FolderPath path, String serverName, Optional<FolderSyncState> seenElsewhere)
            throws MessagingException, IOException, StoreException {
        IMAPStore store = worker.store;
        Optional<FolderSyncState> state = startState(path);
        Optional<IMAPFolder> quiet = worker.connection.takeQuiet(serverName, state, seenElsewhere);
        if (quiet.isPresent()) {
            // Still selected since the last sync, which left the replica here, and the server has no news of it.
            FolderSyncState left = state.orElseThrow();
            return new FolderPlan(path, quiet.get(), left.validity(), left.uidNext(), left.highestModSeq(), List.of());
        }
        IMAPFolder folder = (IMAPFolder) ImapConnection.withMailClassLoader(() -> store.getFolder(serverName));
        boolean condstore = worker.connection.has("CONDSTORE");
        Optional<FolderSyncState> resumable = resumable(path);
        if (worker.connection.has("QRESYNC") && resumable.isPresent() && !refusals.longWay(path)) {
            Optional<FolderPlan> quick;
            try {
                quick = quickPlan(path, folder, resumable.get());
            } catch (MessagingException | IOException e) {
                refusals.quickPlanFailed(path);
                throw e;
            }
            if (quick.isPresent()) {
                return quick.get();
            }
        }
        progress(path + ": comparing");
        return ImapConnection.withMailClassLoader(() -> {
            if (condstore) {
                folder.open(Folder.READ_ONLY, ResyncData.CONDSTORE);
            } else {
                folder.open(Folder.READ_ONLY);
            }
            FolderPlan planned = null;
            try {
                long validity = folder.getUIDValidity();
                if (state.isPresent() && state.get().validity() != validity) {
                    error(Status.PARTIAL, path + ": the server renumbered the folder (UIDVALIDITY "
                            + state.get().validity() + " to " + validity + "); it is synchronized anew");
                    replica.resetFolder(path, new FolderSyncState(validity, 0, 0));
                } else if (state.isEmpty()) {
                    replica.setSyncState(path, new FolderSyncState(validity, 0, 0));
                }
                long since = state.filter(s -> s.validity() == validity).map(FolderSyncState::highestModSeq).orElse(0L);
                long highest = condstore ? folder.getHighestModSeq() : 0;
                Map<String, MessageId> known = replica.remoteIds(path);
                FetchProfile uids = new FetchProfile();
                uids.add(UIDFolder.FetchProfileItem.UID);
                boolean allFlags = !(condstore && since > 0);
                if (allFlags) {
                    uids.add(FetchProfile.Item.FLAGS);
                }
                Message[] all = everyMessage(folder, uids);
                Set<String> onServer = new HashSet<>();
                List<Long> newUids = new ArrayList<>();
                List<Long> listedUids = new ArrayList<>();
                Map<String, Flags> flags = new HashMap<>();
                for (Message message : all) {
                    if (message.isExpunged()) {
                        continue;
                    }
                    long uid = folder.getUID(message);
                    listedUids.add(uid);
                    String id = Long.toString(uid);
                    onServer.add(id);
                    if (!known.containsKey(id)) {
                        newUids.add(uid);
                    } else if (allFlags) {
                        flags.put(id, message.getFlags());
                    }
                }
                if (!allFlags && highest != since) {
                    for (Message changed : changedSince(folder, listedUids, since)) {
                        String id = Long.toString(folder.getUID(changed));
                        if (known.containsKey(id)) {
                            flags.put(id, changed.getFlags());
                        }
                    }
                }
                mirrorExpungesAndFlags(path, known, onServer, flags);
                Collections.sort(newUids);
                planned = new FolderPlan(path, folder, validity, folder.getUIDNext(), highest, newUids);
                return planned;
            } finally {
                closeIfFailed(folder, planned);
            }
        });
    }

    /**
     * QRESYNC (RFC 7162): the server itself says what vanished and what changed since the last
     * sync, and the new messages are those from the last UIDNEXT on; no list of every UID.
     *
     * @return the plan, or empty if the server renumbered the folder (then the full way is taken)
     */
    private Optional<FolderPlan> quickPlan(FolderPath path, IMAPFolder folder, FolderSyncState last)
            throws MessagingException, IOException, StoreException {
        progress(path + ": comparing (QRESYNC)");
        return ImapConnection.withMailClassLoader(() -> {
            List<MailEvent> events = folder.open(Folder.READ_ONLY, new ResyncData(last.validity(), last.highestModSeq()));
            FolderPlan planned = null;
            try {
                long validity = folder.getUIDValidity();
                if (validity != last.validity()) {
                    return Optional.empty();
                }
                boolean quiet = (events == null || events.isEmpty()) && folder.getUIDNext() == last.uidNext()
                        && folder.getHighestModSeq() == last.highestModSeq();
                if (quiet) {
                    // Nothing changed on the server since the last sync: the replica is not even read.
                    planned = new FolderPlan(path, folder, validity, last.uidNext(), last.highestModSeq(), List.of());
                    return Optional.of(planned);
                }
                // Only what the server reports is looked up in the replica, one message at a time: no folder listing.
                for (MailEvent event : events == null ? List.<MailEvent>of() : events) {
                    if (event instanceof MessageVanishedEvent vanished) {
                        for (long uid : vanished.getUIDs()) {
                            replica.applyRemoteDelete(path, Long.toString(uid));
                        }
                    } else if (event instanceof MessageChangedEvent changed) {
                        String id = Long.toString(folder.getUID(changed.getMessage()));
                        Set<MessageFlag> flags = ServerFlags.of(changed.getMessage().getFlags());
                        // A rename when the flags differ, else nothing; the writers share the disk's flushes, and
                        // the next folders are compared meanwhile.
                        appends.submit(() -> replica.applyRemoteFlags(path, id, flags));
                    }
                }
                List<Long> newUids = new ArrayList<>();
                Message[] fresh = folder.getMessagesByUID(last.uidNext(), UIDFolder.MAXUID);
                FetchProfile uids = new FetchProfile();
                uids.add(UIDFolder.FetchProfileItem.UID);
                folder.fetch(fresh, uids);
                for (Message message : fresh) {
                    long uid = folder.getUID(message);
                    // "n:*" always includes the highest UID, even one below n; a sync cut short may have stored some.
                    if (uid >= last.uidNext() && replica.messageByRemoteId(path, Long.toString(uid)).isEmpty()) {
                        newUids.add(uid);
                    }
                }
                Collections.sort(newUids);
                planned = new FolderPlan(path, folder, validity, folder.getUIDNext(), folder.getHighestModSeq(), newUids);
                return Optional.of(planned);
            } finally {
                closeIfFailed(folder, planned);
            }
        });
    }

    /**
     * @return every message of the open folder, with the profile's items fetched {@link
     *         ResponseBudget#SLICE} at a time: no answer of a large folder comes near the budget
     */
    private static Message[] everyMessage(IMAPFolder folder, FetchProfile profile) throws MessagingException {
        int count = folder.getMessageCount();
        Message[] all = count <= 0 ? new Message[0] : folder.getMessages(1, count);
        for (int from = 0; from < all.length; from += ResponseBudget.SLICE) {
            folder.fetch(Arrays.copyOfRange(all, from, Math.min(all.length, from + ResponseBudget.SLICE)), profile);
        }
        return all;
    }

    /** @return the listed messages whose flags changed since the modification sequence, asked a slice of UIDs at a time */
    private static List<Message> changedSince(IMAPFolder folder, List<Long> listedUids, long since)
            throws MessagingException {
        List<Long> sorted = listedUids.stream().sorted().toList();
        List<Message> changed = new ArrayList<>();
        for (int from = 0; from < sorted.size(); from += ResponseBudget.SLICE) {
            long last = sorted.get(Math.min(sorted.size(), from + ResponseBudget.SLICE) - 1);
            changed.addAll(Arrays.asList(folder.getMessagesByUIDChangedSince(sorted.get(from), last, since)));
        }
        return changed;
    }

    /** A plan leaves its folder open for the download (one SELECT) and after; one that failed closes it. */
    private static void closeIfFailed(IMAPFolder folder, FolderPlan planned) throws MessagingException {
        if (planned == null) {
            folder.close(false);
        }
    }

    private void mirrorExpungesAndFlags(FolderPath path, Map<String, MessageId> known, Set<String> onServer,
            Map<String, Flags> serverFlags) throws StoreException {
        Map<MessageId, Set<MessageFlag>> local = new HashMap<>();
        for (MessageInfo info : replica.messages(path)) {
            local.put(info.id(), info.flags());
        }
        for (Map.Entry<String, MessageId> entry : known.entrySet()) {
            if (!onServer.contains(entry.getKey())) {
                replica.applyRemoteDelete(path, entry.getKey());
                continue;
            }
            Flags flags = serverFlags.get(entry.getKey());
            if (flags != null && !ServerFlags.of(flags).equals(local.get(entry.getValue()))) {
                replica.applyRemoteFlags(path, entry.getKey(), ServerFlags.of(flags));
            }
        }
    }

    /**
     * Downloads the plan's new messages; the folder stays open. Long, as one folder's download
     * reads as one story here (batches, what falls back to one by one, what is skipped, where the
     * folder got to); splitting ImapSyncRun into its phases is issue 18.
     *
     * @return the sync state the folder reached, if it is where the server is (nothing skipped or left)
     */
    private Optional<FolderSyncState> download(Worker worker, FolderPlan plan)
            throws MessagingException, IOException, StoreException {
        List<Long> uids = plan.newUids();
        FolderSyncState server = new FolderSyncState(plan.validity(), plan.uidNext(), plan.highestModSeq());
        if (uids.isEmpty()) {
            // Nothing to fetch, only to remember where the server is, once the flag changes are stored.
            // The state as this sync found it: a plan that changed it (a new UIDVALIDITY) never ends quiet.
            if (!startState(plan.path()).equals(Optional.of(server))) {
                appends.afterAll(() -> replica.setSyncState(plan.path(), server));
            }
            return resumableState(server);
        }
        boolean headersOnly = request.has(SyncFlag.HEADERS_ONLY) || settings.headersOnly();
        boolean batched = !oneByOne.contains(plan.path());
        // Digests of deliveries shorter than the server's RFC822.SIZE, by UID: fetched once more, one by one.
        Map<Long, Long> shortDeliveries = new HashMap<>();
        AtomicInteger servedShortAlike = new AtomicInteger();
        IMAPFolder folder = plan.folder();
        worker.folderDone = 0;
        ImapConnection.withMailClassLoader(() -> {
            // Left open by its plan, unless an earlier attempt broke off in between.
            if (!folder.isOpen()) {
                folder.open(Folder.READ_ONLY);
            }
            return null;
        });
        long lowestMissing = Long.MAX_VALUE;
        for (int from = 0; from < uids.size(); from += BATCH) {
            if (cancelled) {
                return Optional.empty();
            }
            long[] batch = uids.subList(from, Math.min(uids.size(), from + BATCH)).stream().mapToLong(Long::longValue)
                    .toArray();
            Message[] messages = ImapConnection.withMailClassLoader(() -> {
                Message[] found = folder.getMessagesByUID(batch);
                FetchProfile profile = new FetchProfile();
                profile.add(UIDFolder.FetchProfileItem.UID);
                profile.add(FetchProfile.Item.FLAGS);
                if (batched) {
                    // One by one there is no SIZE: a message the server cannot read must fail on its own.
                    profile.add(FetchProfile.Item.SIZE);
                    worker.batching = plan.path();
                }
                folder.fetch(Arrays.stream(found).filter(m -> m != null).toArray(Message[]::new), profile);
                return found;
            });
            Set<Long> handedOver = batched ? fetchInBatches(worker, plan, folder, messages, batch, headersOnly,
                    shortDeliveries) : Set.of();
            for (int i = 0; i < messages.length; i++) {
                if (cancelled) {
                    return Optional.empty();
                }
                if (handedOver.contains(batch[i])) {
                    continue;
                }
                counted(worker, plan);
                if (messages[i] == null) {
                    continue;
                }
                String key = plan.path() + " " + batch[i];
                Optional<String> refused = refusals.skipped(plan.path(), batch[i]);
                if (refused.isPresent()) {
                    lowestMissing = Math.min(lowestMissing, batch[i]);
                    partial = true;
                    error(Status.PROTOCOL, plan.path() + ": message UID " + batch[i] + " is skipped: " + refused.get()
                            + "; it is fetched again at the next sync");
                    continue;
                }
                if (drops.getOrDefault(key, 0) >= 2) {
                    lowestMissing = Math.min(lowestMissing, batch[i]);
                    partial = true;
                    error(Status.PROTOCOL, plan.path() + ": message UID " + batch[i] + " is skipped: the server "
                            + "broke off the connection each time it was fetched");
                    continue;
                }
                try {
                    Stored stored = store(plan.path(), folder, messages[i], batch[i], headersOnly,
                            Optional.ofNullable(shortDeliveries.get(batch[i])));
                    if (stored == Stored.NOT) {
                        lowestMissing = Math.min(lowestMissing, batch[i]);
                    } else if (stored == Stored.AS_SERVED_TWICE) {
                        servedShortAlike.incrementAndGet();
                    }
                } catch (MessagingException | IOException e) {
                    drops.merge(key, 1, Integer::sum);
                    throw e;
                }
            }
        }
        if (cancelled) {
            return Optional.empty();
        }
        warnServedShort(plan.path(), servedShortAlike.get());
        // A skipped message stays below UIDNEXT, so that the next sync (even through QRESYNC) tries it again.
        FolderSyncState reached = new FolderSyncState(plan.validity(), Math.min(plan.uidNext(), lowestMissing),
                plan.highestModSeq());
        // Written once the folder's messages are stored; the next folder is compared meanwhile.
        appends.afterAll(() -> replica.setSyncState(plan.path(), reached));
        return reached.equals(server) ? resumableState(reached) : Optional.empty();
    }

    /** A warning, not a failure: servers that report sizes too large exist (see Delivered), and their messages are there. */
    private void warnServedShort(FolderPath path, int messages) {
        if (messages > 0) {
            error(Status.PROTOCOL, path + ": " + grouped(messages) + " messages came with fewer bytes than the "
                    + "server's own RFC822.SIZE, the same bytes twice; they are stored as served");
        }
    }

    /** @return the state, if a resync can start from it (see {@link #resumable}) */
    private static Optional<FolderSyncState> resumableState(FolderSyncState state) {
        return Optional.of(state).filter(s -> s.validity() > 0 && s.highestModSeq() > 0 && s.uidNext() > 0);
    }

    /**
     * Fetches the batch's messages that are not huge (or, headers only, their headers), several
     * per command, and hands each to the writers as it arrives; the writers' byte budget holds
     * the fetching back when the disk lags, so memory stays bounded while network and disk work
     * at once. A message delivered empty or short of its size is left to go one by one.
     *
     * @param shortDeliveries receives the digest of each delivery short of its size
     * @return the UIDs handed to the writers (the others stream one by one)
     */
    private Set<Long> fetchInBatches(Worker worker, FolderPlan plan, IMAPFolder folder, Message[] messages, long[] uids,
            boolean headersOnly, Map<Long, Long> shortDeliveries) throws MessagingException, IOException, StoreException {
        Map<Long, Set<MessageFlag>> flags = new HashMap<>();
        Map<Long, Long> sizes = new HashMap<>();
        List<Long> present = new ArrayList<>();
        for (Message message : messages) {
            if (message != null) {
                long uid = folder.getUID(message);
                flags.put(uid, ServerFlags.of(message.getFlags()));
                sizes.put(uid, headersOnly ? -1L : message.getSize());
                present.add(uid);
            }
        }
        Set<Long> handedOver = new HashSet<>();
        BodyBatch.Arrival arrival = (uid, content) -> {
            if (whole(uid, content, sizes.getOrDefault(uid, -1L), shortDeliveries)) {
                Set<MessageFlag> its = flags.getOrDefault(uid, Set.of());
                appends.submit(content.getCount(), () -> replica.applyRemoteAppend(plan.path(), Long.toString(uid),
                        content.toByteArrayInputStream(), its, !headersOnly));
                handedOver.add(uid);
                counted(worker, plan);
            }
        };
        try {
            ImapConnection.withMailClassLoader(() -> {
                if (headersOnly) {
                    BodyBatch.fetchHeaders(folder, present, arrival);
                } else {
                    BodyBatch.fetch(folder, messages, uids, batchBytes, budget.messageBytes(), arrival);
                }
                return null;
            });
        } catch (MessagingException e) {
            // Whatever went wrong (a refusal, a message the server cannot serve, a cut, an answer over the budget),
            // the connection is suspect: start again, this folder one by one (batching stays set), where a message
            // over the budget is found and skipped.
            refusals.take();
            throw new FolderClosedException(folder, "fetching a batch of messages failed: " + text(e));
        }
        worker.batching = null;
        return handedOver;
    }

    /**
     * @param announced the message's RFC822.SIZE, -1 if none (a header)
     * @return whether a batch brought all of the message; if not, it goes one by one, and the
     *         checksum of a delivery short of its size is kept to compare the next one with
     */
    private static boolean whole(long uid, ByteArray content, long announced, Map<Long, Long> shortDeliveries) {
        try {
            Delivered.check(content.getBytes(), content.getStart(), content.getCount(), announced, Optional.empty());
            return true;
        } catch (Delivered.Incomplete e) {
            e.shortDigest().ifPresent(digest -> shortDeliveries.put(uid, digest));
            return false;
        }
    }

    /** One more message of the plan dealt with: the progress moves on. */
    private synchronized void counted(Worker worker, FolderPlan plan) {
        index++;
        worker.folderDone++;
        callback.progress(plan.path() + ": " + grouped(worker.folderDone) + " of " + grouped(plan.newUids().size()),
                index, Math.max(index, indexMax));
    }

    /** Waits for the fetched messages handed to the writers; the replica's failure is the sync's. */
    private void awaitAppends() throws StoreException {
        try {
            appends.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelled = true;
        }
    }

    /** How {@link #store} ended. */
    private enum Stored {
        /** The message is in the replica. */
        YES,
        /** In the replica as the server served it twice, shorter than its RFC822.SIZE (see {@link Delivered}). */
        AS_SERVED_TWICE,
        /** Reported and skipped: tried again at the next sync. */
        NOT
    }

    /**
     * Fetches one message (or its header) and stores it, if the server delivers all of it: one
     * delivered short of its size is fetched once more (unless {@code earlier} says it was).
     *
     * @param earlier the digest of an earlier delivery short of the message's size, if there was one
     */
    private Stored store(FolderPath path, IMAPFolder folder, Message message, long uid, boolean headersOnly,
            Optional<Long> earlier) throws MessagingException, IOException, StoreException {
        try {
            try {
                return storeOnce(path, folder, message, uid, headersOnly, earlier);
            } catch (Delivered.Incomplete e) {
                if (earlier.isPresent() || e.shortDigest().isEmpty()) {
                    throw e;
                }
                return storeOnce(path, folder, message, uid, headersOnly, e.shortDigest());
            }
        } catch (Delivered.Incomplete e) {
            partial = true;
            error(Status.PROTOCOL, path + ": message UID " + uid + " is not stored: " + e.getMessage()
                    + "; it is fetched again at the next sync");
            return Stored.NOT;
        } catch (MessagingException | IOException e) {
            refusals.messageFailed(path, uid);
            if (isNetwork(e) || cancelled) {
                throw e;
            }
            partial = true;
            error(Status.PROTOCOL, path + ": message UID " + uid + " is skipped: " + text(e));
            return Stored.NOT;
        }
    }

    /** One delivery of the message into the replica; @throws Delivered.Incomplete if it was not all of it */
    private Stored storeOnce(FolderPath path, IMAPFolder folder, Message message, long uid, boolean headersOnly,
            Optional<Long> earlier) throws MessagingException, IOException, StoreException {
        return ImapConnection.withMailClassLoader(() -> {
            Set<MessageFlag> flags = ServerFlags.of(message.getFlags());
            InputStream served = headersOnly ? header(folder, uid) : ((IMAPMessage) message).getMimeStream();
            Delivered delivered = new Delivered(served, headersOnly ? -1 : message.getSize(), earlier);
            try (ServerStream content = new ServerStream(delivered)) {
                try {
                    replica.applyRemoteAppend(path, Long.toString(uid), content, flags, !headersOnly);
                } catch (StoreException e) {
                    // The server's stream broke or fell short, not the replica: the server's failure is the one.
                    if (content.failure() != null) {
                        throw content.failure();
                    }
                    throw e;
                }
            }
            return delivered.servedShortAlike() ? Stored.AS_SERVED_TWICE : Stored.YES;
        });
    }

    /** @return the message's header, byte for byte as the server holds it; empty if the server delivered none */
    private static InputStream header(IMAPFolder folder, long uid) throws MessagingException, StoreException {
        ByteArray[] header = new ByteArray[1];
        BodyBatch.fetchHeaders(folder, List.of(uid), (found, content) -> header[0] = content);
        return header[0] == null ? InputStream.nullInputStream() : header[0].toByteArrayInputStream();
    }

    // ---- upload

    private void upload(ImapConnection main, char separator) throws MessagingException, IOException, StoreException {
        ChangeUpload upload = new ChangeUpload(replica, main, separator, this::progress);
        for (LocalChange change : replica.pendingChanges()) {
            if (cancelled) {
                return;
            }
            boolean hierarchy = change.kind() == LocalChange.Kind.CREATE_FOLDER
                    || change.kind() == LocalChange.Kind.RENAME_FOLDER || change.kind() == LocalChange.Kind.DELETE_FOLDER;
            if (hierarchy ? request.has(SyncFlag.UPLOAD_HIERARCHY) : request.has(SyncFlag.UPLOAD_CONTENTS)) {
                upload.upload(change);
            }
        }
    }
}
