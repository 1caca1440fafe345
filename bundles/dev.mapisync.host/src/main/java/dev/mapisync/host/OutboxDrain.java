package dev.mapisync.host;

import dev.mapisync.api.Status;
import dev.mapisync.api.host.HostEvents;
import dev.mapisync.api.host.OutboxEntry;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.message.MessageInfo;
import dev.mapisync.api.message.Recipient;
import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.store.StoreException;
import dev.mapisync.api.store.WellKnownFolder;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
 *
 * <p>The drain decides what is due and what a message's record becomes; {@link SubmissionRounds}
 * submits a message to one transport, {@link TransportCall} makes each call, bounded in time,
 * and {@link OutboxView} shows the Outbox to the user.
 */
final class OutboxDrain {

    private final HostServices host;
    private final TransportTable transports;
    private final OutboxJournal journal;
    private final SubmissionRounds rounds;
    private final System.Logger log;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Backoff backoff;
    private volatile Duration submitTimeout;
    private ScheduledFuture<?> wakeUp;
    private long wakeUpAt = Long.MAX_VALUE;

    OutboxDrain(HostServices host, TransportTable transports, OutboxJournal journal, HostSettings settings) {
        this.host = host;
        this.transports = transports;
        this.journal = journal;
        this.rounds = new SubmissionRounds(journal, new TransportCall(host.transportCalls()));
        this.log = host.log();
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
                host.workers().execute(this::drainWhileAsked);
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

    /** One pass over the Outbox, oldest first. Long, as each way a pass stops early is said here, in one place. */
    private void drainOnce() {
        MessageStore store = host.defaultStore().get();
        if (store == null) {
            return;
        }
        Optional<OutboxWaiting> waiting = OutboxWaiting.read(store, journal, log);
        if (waiting.isEmpty()) {
            return;
        }
        List<MessageInfo> messages = waiting.get().messages();
        Map<String, OutboxRecord> records = waiting.get().records();
        long now = System.currentTimeMillis();
        long next = Long.MAX_VALUE;
        int transportsSeen = transports.arrivals();
        Set<TransportTable.Entry> present = transports.present();
        for (MessageInfo message : messages) {
            if (transports.arrivals() != transportsSeen) {
                // An older message may wait for the transport that came (this drain sends only through those it
                // started with): the drain its arrival asked for starts again from the oldest, so newer mail does not
                // overtake it.
                return;
            }
            String id = message.id().value();
            OutboxRecord record = records.getOrDefault(id, OutboxRecord.fresh(id));
            try {
                next = Math.min(next, advance(store, message.id(), record, present, now));
            } catch (IOException e) {
                log.log(Level.ERROR, "the outbox journal cannot be written (" + journal.directory() + "): " + e.getMessage()
                        + "; message " + id + " waits");
                return;
            } catch (InterruptedException e) {
                // Stopping: the submission stays marked as under way, its outcome unknown.
                Thread.currentThread().interrupt();
                return;
            } catch (StoreClosed e) {
                log.log(Level.INFO, "the default store closed during the drain; the Outbox waits for it: " + e.getMessage());
                return;
            }
        }
        wakeUpAt(next);
    }

    /**
     * Takes one message a step on: held if a crash left it submitting, moved to Sent Items if it
     * was accepted, submitted if it is due.
     *
     * @return when it is due next (System.currentTimeMillis), or Long.MAX_VALUE if it needs no wake-up
     */
    private long advance(MessageStore store, MessageId id, OutboxRecord record, Set<TransportTable.Entry> present,
            long now) throws IOException, InterruptedException, StoreClosed {
        switch (record.state()) {
            case SUBMITTING -> hold(record.with(OutboxRecord.State.FAILED, "the host stopped while submitting this "
                    + "message; a server may have accepted it, so it is not sent again unless you retry it"));
            case ACCEPTED -> moveToSent(store, record);
            case FAILED -> {
            }
            case RETRYING, WAITING -> {
                // A message that waits for a transport is due at every drain: one may have come.
                if (record.state() == OutboxRecord.State.RETRYING && record.nextAttemptMillis() > now) {
                    return record.nextAttemptMillis();
                }
                OutboxRecord after = submit(store, id, record, present);
                if (after.state() == OutboxRecord.State.RETRYING) {
                    return after.nextAttemptMillis();
                }
            }
        }
        return Long.MAX_VALUE;
    }

    /** @return the recipients no server accepted yet, by address type, in the envelope's order */
    private static Map<String, List<Recipient>> stillToSend(Envelope envelope, OutboxRecord record) {
        Map<String, List<Recipient>> byType = new LinkedHashMap<>();
        for (Recipient recipient : envelope.recipients()) {
            if (!record.accepted().contains(recipient.toString())) {
                byType.computeIfAbsent(recipient.addressType(), t -> new ArrayList<>()).add(recipient);
            }
        }
        return byType;
    }

    private OutboxRecord submit(MessageStore store, MessageId id, OutboxRecord record, Set<TransportTable.Entry> present)
            throws IOException, InterruptedException, StoreClosed {
        Envelope envelope;
        try (InputStream in = new BufferedInputStream(store.openMessage(WellKnownFolder.OUTBOX.path(), id))) {
            envelope = Envelope.read(in);
        } catch (StoreException e) {
            if (e.status() == Status.CANCELLED) {
                // The store closed under the drain (the host stops): nothing is wrong with the message.
                throw new StoreClosed(e);
            }
            return hold(new OutboxRecord(id.value(), OutboxRecord.State.FAILED, record.attempts() + 1, record.accepted(),
                    "the recipients cannot be read: " + e.getMessage(), 0));
        } catch (IOException | IllegalArgumentException e) {
            return hold(new OutboxRecord(id.value(), OutboxRecord.State.FAILED, record.attempts() + 1, record.accepted(),
                    "the recipients cannot be read: " + e.getMessage(), 0));
        }
        Map<String, List<Recipient>> byType = stillToSend(envelope, record);
        SubmissionTally tally = new SubmissionTally(record.accepted());
        int attempts = record.attempts() + 1;
        for (Map.Entry<String, List<Recipient>> group : byType.entrySet()) {
            Optional<TransportTable.Entry> transport = transports.forType(group.getKey(), present);
            if (transport.isEmpty()) {
                // No failure of the message: at a start the transports come after the Outbox.
                tally.unserved(group.getKey(), group.getValue());
            } else {
                tally.served();
                rounds.submit(transport.get(), store, id, envelope, group.getValue(), tally, attempts, submitTimeout);
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
        host.events().outbox(HostEvents.TOPIC_SENT, record.messageId(), null, null);
    }

    private OutboxRecord hold(OutboxRecord record) throws IOException {
        journal.write(record);
        log.log(Level.INFO, "message " + record.messageId() + " stays in the Outbox (" + record.state() + "): "
                + record.reason());
        host.events().outbox(HostEvents.TOPIC_SEND_FAILED, record.messageId(),
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
        wakeUp = host.timer().schedule(this::request, Math.max(0, at - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
    }

    /** @return the Outbox as the user sees it */
    List<OutboxEntry> entries() {
        MessageStore store = host.defaultStore().get();
        return store == null ? List.of() : OutboxView.entries(store, journal);
    }

    /** Clears a message's failure and starts a drain. */
    void retry(MessageId id) {
        MessageStore store = host.defaultStore().get();
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
