package dev.mapisync.host;

import dev.mapisync.api.Status;
import dev.mapisync.api.host.HostEvents;
import dev.mapisync.api.host.OutboxEntry;
import dev.mapisync.api.host.RunSummary;
import dev.mapisync.api.host.TaskError;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.message.MessageInfo;
import dev.mapisync.api.message.Recipient;
import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.store.StoreException;
import dev.mapisync.api.store.WellKnownFolder;
import dev.mapisync.api.transport.OutgoingMessage;
import dev.mapisync.api.transport.RecipientResult;
import dev.mapisync.api.transport.SubmitResult;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Sends what waits in the default store's Outbox: each message goes, recipient by recipient,
 * through the transport serving the recipient's address type; accepted by all, it moves to
 * Sent Items. Transient failures are retried with exponential backoff, permanent ones wait
 * for the user's retry, each with its reason.
 *
 * <p>Nothing is lost and nothing accepted is sent twice: before a transport is called, the
 * journal records the submission; after it returns, the journal records who accepted. A
 * record still marked submitting when a drain starts is a crash's leftover: the server may
 * have accepted the message, so it is held for the user instead of being sent again. Drains
 * run one at a time on a worker thread; requests while one runs coalesce into one more.
 */
final class OutboxDrain {

    /** The most errors a transport's status shows for one submission. */
    private static final int ERRORS_KEPT = 10;

    private final Supplier<MessageStore> defaultStore;
    private final TransportTable transports;
    private final OutboxJournal journal;
    private final ExecutorService workers;
    private final ExecutorService transportCalls;
    private final ScheduledExecutorService timer;
    private final EventPublisher events;
    private final System.Logger log;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Backoff backoff;
    private volatile Duration submitTimeout;
    private ScheduledFuture<?> wakeUp;
    private long wakeUpAt = Long.MAX_VALUE;

    OutboxDrain(Supplier<MessageStore> defaultStore, TransportTable transports, OutboxJournal journal,
            ExecutorService workers, ExecutorService transportCalls, ScheduledExecutorService timer, EventPublisher events,
            HostSettings settings, System.Logger log) {
        this.defaultStore = defaultStore;
        this.transports = transports;
        this.journal = journal;
        this.workers = workers;
        this.transportCalls = transportCalls;
        this.timer = timer;
        this.events = events;
        this.log = log;
        apply(settings);
    }

    void apply(HostSettings settings) {
        backoff = new Backoff(settings.retryBase(), settings.retryMax());
        submitTimeout = settings.syncTimeout();
    }

    /** Starts a drain, or one more after the running one. */
    void request() {
        if (requests.getAndIncrement() == 0) {
            try {
                workers.execute(this::drainWhileAsked);
            } catch (RejectedExecutionException e) {
                requests.set(0);
            }
        }
    }

    private void drainWhileAsked() {
        int seen;
        do {
            seen = requests.get();
            try {
                drainOnce();
            } catch (RuntimeException e) {
                log.log(Level.ERROR, "outbox drain failed: " + Failures.describe(e), e);
            }
        } while (requests.addAndGet(-seen) > 0);
    }

    private void drainOnce() {
        MessageStore store = defaultStore.get();
        if (store == null) {
            return;
        }
        List<MessageInfo> messages;
        Map<String, OutboxRecord> records = new HashMap<>();
        try {
            messages = oldestFirst(store.messages(WellKnownFolder.OUTBOX.path()));
            for (OutboxRecord record : journal.readAll()) {
                records.put(record.messageId(), record);
            }
        } catch (StoreException | IOException e) {
            log.log(Level.WARNING, "the Outbox cannot be read: " + e.getMessage());
            return;
        }
        forgetLeftMessages(messages, records);
        long now = System.currentTimeMillis();
        long next = Long.MAX_VALUE;
        int transportsSeen = transports.arrivals();
        for (MessageInfo message : messages) {
            if (transports.arrivals() != transportsSeen) {
                // An older message may wait for the transport that came: the drain its arrival asked for starts
                // again from the oldest, so newer mail does not overtake it.
                return;
            }
            String id = message.id().value();
            OutboxRecord record = records.getOrDefault(id, OutboxRecord.fresh(id));
            try {
                switch (record.state()) {
                    case SUBMITTING -> hold(record.with(OutboxRecord.State.FAILED, "the host stopped while submitting this "
                            + "message; a server may have accepted it, so it is not sent again unless you retry it"));
                    case ACCEPTED -> moveToSent(store, record);
                    case FAILED -> {
                    }
                    case RETRYING, WAITING -> {
                        // A message that waits for a transport is due at every drain: one may have come.
                        if (record.state() == OutboxRecord.State.RETRYING && record.nextAttemptMillis() > now) {
                            next = Math.min(next, record.nextAttemptMillis());
                        } else {
                            OutboxRecord after = submit(store, message.id(), record);
                            if (after.state() == OutboxRecord.State.RETRYING) {
                                next = Math.min(next, after.nextAttemptMillis());
                            }
                        }
                    }
                }
            } catch (IOException e) {
                log.log(Level.ERROR, "the outbox journal cannot be written (" + journal.directory() + "): " + e.getMessage()
                        + "; message " + id + " waits");
                return;
            } catch (InterruptedException e) {
                // Stopping: the submission stays marked as under way, its outcome unknown.
                Thread.currentThread().interrupt();
                return;
            }
        }
        wakeUpAt(next);
    }

    /** Mail leaves in the order it was queued: by the time the store received it, then by id. */
    static List<MessageInfo> oldestFirst(List<MessageInfo> messages) {
        List<MessageInfo> sorted = new ArrayList<>(messages);
        sorted.sort(Comparator.comparing(MessageInfo::received).thenComparing(m -> m.id().value()));
        return sorted;
    }

    private void forgetLeftMessages(List<MessageInfo> messages, Map<String, OutboxRecord> records) {
        Set<String> present = new LinkedHashSet<>();
        messages.forEach(m -> present.add(m.id().value()));
        for (String id : records.keySet()) {
            if (!present.contains(id)) {
                try {
                    journal.delete(id);
                } catch (IOException e) {
                    log.log(Level.WARNING, "outbox journal entry of " + id + " cannot be deleted: " + e.getMessage());
                }
            }
        }
    }

    private OutboxRecord submit(MessageStore store, MessageId id, OutboxRecord record)
            throws IOException, InterruptedException {
        Envelope envelope;
        try (InputStream in = new BufferedInputStream(store.openMessage(WellKnownFolder.OUTBOX.path(), id))) {
            envelope = Envelope.read(in);
        } catch (StoreException | IOException | IllegalArgumentException e) {
            return hold(new OutboxRecord(id.value(), OutboxRecord.State.FAILED, record.attempts() + 1, record.accepted(),
                    "the recipients cannot be read: " + e.getMessage(), 0));
        }
        Map<String, List<Recipient>> byType = new LinkedHashMap<>();
        for (Recipient recipient : envelope.recipients()) {
            if (!record.accepted().contains(recipient.toString())) {
                byType.computeIfAbsent(recipient.addressType(), t -> new ArrayList<>()).add(recipient);
            }
        }
        SubmissionTally tally = new SubmissionTally(record.accepted());
        int attempts = record.attempts() + 1;
        for (Map.Entry<String, List<Recipient>> group : byType.entrySet()) {
            Optional<TransportTable.Entry> transport = transports.forType(group.getKey());
            if (transport.isEmpty()) {
                // No failure of the message: at a start the transports come after the Outbox.
                tally.unserved(group.getKey(), group.getValue());
            } else {
                tally.served();
                submitInRounds(transport.get(), store, id, envelope, group.getValue(), tally, attempts);
            }
        }
        OutboxRecord next = tally.next(record, attempts, System.currentTimeMillis() + backoff.delay(attempts).toMillis());
        if (next.state() == OutboxRecord.State.ACCEPTED) {
            journal.write(next);
            moveToSent(store, next);
            return next;
        }
        return next.equals(record) ? record : hold(next);
    }

    /**
     * Submits to one transport's recipients; when the server took some and put the others off
     * (SMTP's 452 for too many recipients in one transaction), the others go at once in a new
     * transaction instead of waiting for the backoff. Bounded: a further round follows only a
     * round that was accepted by someone, so the recipients left shrink with every round.
     */
    private void submitInRounds(TransportTable.Entry transport, MessageStore store, MessageId id, Envelope envelope,
            List<Recipient> recipients, SubmissionTally tally, int attempts) throws IOException, InterruptedException {
        List<Recipient> left = recipients;
        while (!left.isEmpty()) {
            // Durable before the call: a crash during it must not lead to a second send.
            journal.write(new OutboxRecord(id.value(), OutboxRecord.State.SUBMITTING, attempts, tally.accepted(), "", 0));
            Map<Recipient, RecipientResult> results = call(transport, store, id, envelope, left);
            List<Recipient> putOff = new ArrayList<>();
            boolean someAccepted = false;
            for (Recipient recipient : left) {
                RecipientResult result = results.get(recipient);
                someAccepted |= result.outcome() == RecipientResult.Outcome.ACCEPTED;
                if (result.outcome() == RecipientResult.Outcome.TRANSIENT_FAILURE) {
                    putOff.add(recipient);
                } else {
                    tally.add(recipient, result);
                }
            }
            journal.write(new OutboxRecord(id.value(), OutboxRecord.State.SUBMITTING, attempts, tally.accepted(), "", 0));
            if (!someAccepted || putOff.size() == left.size()) {
                putOff.forEach(r -> tally.add(r, results.get(r)));
                return;
            }
            left = putOff;
        }
    }

    /**
     * Calls the transport on its own thread, bounded in time; whatever goes wrong becomes a
     * per-recipient result, except the host stopping: the outcome is then unknown, and the
     * journal keeps the submission marked as under way.
     *
     * @throws InterruptedException if the host is stopping
     */
    private Map<Recipient, RecipientResult> call(TransportTable.Entry transport, MessageStore store, MessageId id,
            Envelope envelope, List<Recipient> recipients) throws InterruptedException {
        OutgoingMessage message = new OutgoingMessage(id, envelope.sender(), recipients, () -> {
            try {
                return store.openMessage(WellKnownFolder.OUTBOX.path(), id);
            } catch (StoreException e) {
                throw new IOException(e.getMessage(), e);
            }
        });
        Instant started = Instant.now();
        transport.active.incrementAndGet();
        Map<Recipient, RecipientResult> results = new HashMap<>();
        RecipientResult failure = null;
        Future<SubmitResult> call = null;
        try {
            call = transportCalls.submit(() -> transport.transport.submit(message));
            SubmitResult result = call.get(submitTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (result == null) {
                failure = RecipientResult.unknown(Status.PROVIDER_FAULT, "the transport returned no result");
            } else {
                results.putAll(result.results());
            }
        } catch (TimeoutException e) {
            // Given up on, the call may still be sending: interrupted, and never repeated by itself.
            call.cancel(true);
            failure = RecipientResult.unknown(Status.TIMEOUT,
                    "the transport did not finish within " + submitTimeout.toSeconds() + " s (syncTimeoutSeconds)");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InterruptedException) {
                throw new InterruptedException("the host stopped during the submission of " + id);
            }
            failure = RecipientResult.unknown(Status.PROVIDER_FAULT, "the transport threw "
                    + Failures.describe(e.getCause()) + " and may have sent it");
        } catch (RejectedExecutionException e) {
            if (transportCalls.isShutdown()) {
                throw new InterruptedException("the host is stopping");
            }
            failure = RecipientResult.transientFailure(Status.PROVIDER_FAULT, "every transport call thread is busy");
        } finally {
            transport.active.decrementAndGet();
        }
        List<TaskError> errors = new ArrayList<>();
        for (Recipient recipient : recipients) {
            RecipientResult result = failure != null ? failure : results.get(recipient);
            if (result == null) {
                result = RecipientResult.unknown(Status.PROVIDER_FAULT, "the transport gave no result for " + recipient);
            }
            results.put(recipient, result);
            if (result.outcome() != RecipientResult.Outcome.ACCEPTED) {
                errors.add(TransportTable.error(result.status(), "message " + id + " to " + recipient + ": " + result.text()));
            }
        }
        Status overall = errors.isEmpty() ? Status.SUCCESS : errors.size() < recipients.size() ? Status.PARTIAL
                : errors.get(0).status();
        if (errors.size() > ERRORS_KEPT) {
            // A transport's status stays readable when a server refuses hundreds of recipients.
            int more = errors.size() - ERRORS_KEPT + 1;
            errors = new ArrayList<>(errors.subList(0, ERRORS_KEPT - 1));
            errors.add(TransportTable.error(overall, "message " + id + ": and " + more + " more recipients"));
        }
        transport.finished(new RunSummary(overall, started, Duration.between(started, Instant.now())), errors);
        return results;
    }

    private void moveToSent(MessageStore store, OutboxRecord record) throws IOException {
        try {
            store.moveMessage(WellKnownFolder.OUTBOX.path(), new MessageId(record.messageId()),
                    WellKnownFolder.SENT_ITEMS.path());
        } catch (StoreException e) {
            // Accepted already: it stays marked so and moves on the next drain, never sent again.
            log.log(Level.WARNING, "message " + record.messageId() + " was sent but cannot move to Sent Items: "
                    + e.getMessage());
            return;
        }
        journal.delete(record.messageId());
        events.outbox(HostEvents.TOPIC_SENT, record.messageId(), null, null);
    }

    private OutboxRecord hold(OutboxRecord record) throws IOException {
        journal.write(record);
        log.log(Level.INFO, "message " + record.messageId() + " stays in the Outbox (" + record.state() + "): "
                + record.reason());
        events.outbox(HostEvents.TOPIC_SEND_FAILED, record.messageId(),
                record.state() == OutboxRecord.State.RETRYING ? Status.NETWORK : Status.PROVIDER_FAULT, record.reason());
        return record;
    }

    private synchronized void wakeUpAt(long at) {
        if (at == Long.MAX_VALUE || (wakeUp != null && !wakeUp.isDone() && wakeUpAt <= at)) {
            return;
        }
        if (wakeUp != null) {
            wakeUp.cancel(false);
        }
        wakeUpAt = at;
        wakeUp = timer.schedule(this::request, Math.max(0, at - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
    }

    /** @return the Outbox as the user sees it */
    List<OutboxEntry> entries() {
        MessageStore store = defaultStore.get();
        if (store == null) {
            return List.of();
        }
        List<OutboxEntry> entries = new ArrayList<>();
        try {
            for (MessageInfo message : store.messages(WellKnownFolder.OUTBOX.path())) {
                OutboxRecord record = journal.read(message.id().value()).orElse(OutboxRecord.fresh(message.id().value()));
                List<String> recipients = List.of();
                try (InputStream in = new BufferedInputStream(store.openMessage(WellKnownFolder.OUTBOX.path(), message.id()))) {
                    recipients = Envelope.read(in).recipients().stream().map(Recipient::toString).toList();
                } catch (IOException | IllegalArgumentException | StoreException e) {
                    // Shown with the reason the drain recorded.
                }
                // A submission under way is pending; one left by a crash is held as failed by the next drain.
                OutboxEntry.State state = switch (record.state()) {
                    case FAILED -> OutboxEntry.State.FAILED;
                    case RETRYING -> record.attempts() == 0 ? OutboxEntry.State.PENDING : OutboxEntry.State.RETRYING;
                    case ACCEPTED, SUBMITTING, WAITING -> OutboxEntry.State.PENDING;
                };
                entries.add(new OutboxEntry(message.id(), message.subject(), recipients, state, record.reason(),
                        record.attempts(), state == OutboxEntry.State.RETRYING
                                ? Optional.of(Instant.ofEpochMilli(record.nextAttemptMillis())) : Optional.empty()));
            }
        } catch (StoreException | IOException e) {
            throw new IllegalStateException("the Outbox cannot be read: " + e.getMessage(), e);
        }
        return entries;
    }

    /** Clears a message's failure and starts a drain. */
    void retry(MessageId id) {
        MessageStore store = defaultStore.get();
        if (store == null) {
            throw new IllegalStateException("no default store is running");
        }
        try {
            store.message(WellKnownFolder.OUTBOX.path(), id);
        } catch (StoreException e) {
            throw new IllegalArgumentException("the Outbox holds no message " + id + ": " + e.getMessage(), e);
        }
        try {
            Optional<OutboxRecord> record = journal.read(id.value());
            if (record.isPresent() && record.get().state() != OutboxRecord.State.ACCEPTED) {
                OutboxRecord r = record.get();
                journal.write(new OutboxRecord(r.messageId(), OutboxRecord.State.RETRYING, 0, r.accepted(), "", 0));
            }
        } catch (IOException e) {
            throw new IllegalStateException("the outbox journal cannot be written: " + e.getMessage(), e);
        }
        request();
    }
}
