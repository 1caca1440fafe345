package dev.mapisync.host;

import dev.mapisync.api.host.OutboxEntry;
import dev.mapisync.api.message.MessageInfo;
import dev.mapisync.api.message.Recipient;
import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.store.StoreException;
import dev.mapisync.api.store.WellKnownFolder;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The Outbox as the user sees it: each message with its recipients and what the journal says of it. */
final class OutboxView {

    private OutboxView() {
    }

    static List<OutboxEntry> entries(MessageStore store, OutboxJournal journal) {
        List<OutboxEntry> entries = new ArrayList<>();
        try {
            for (MessageInfo message : store.messages(WellKnownFolder.OUTBOX.path())) {
                OutboxRecord record = journal.read(message.id().value()).orElse(OutboxRecord.fresh(message.id().value()));
                entries.add(new OutboxEntry(message.id(), message.subject(), recipients(store, message), state(record),
                        record.reason(), record.attempts(), state(record) == OutboxEntry.State.RETRYING
                                ? Optional.of(Instant.ofEpochMilli(record.nextAttemptMillis())) : Optional.empty()));
            }
        } catch (StoreException | IOException e) {
            throw new IllegalStateException("the Outbox cannot be read: " + e.getMessage(), e);
        }
        return entries;
    }

    /** A submission under way is pending; one left by a crash is held as failed by the next drain. */
    private static OutboxEntry.State state(OutboxRecord record) {
        return switch (record.state()) {
            case FAILED -> OutboxEntry.State.FAILED;
            case RETRYING -> record.attempts() == 0 ? OutboxEntry.State.PENDING : OutboxEntry.State.RETRYING;
            case ACCEPTED, SUBMITTING, WAITING -> OutboxEntry.State.PENDING;
        };
    }

    private static List<String> recipients(MessageStore store, MessageInfo message) {
        try (InputStream in = new BufferedInputStream(store.openMessage(WellKnownFolder.OUTBOX.path(), message.id()))) {
            return Envelope.read(in).recipients().stream().map(Recipient::toString).toList();
        } catch (IOException | IllegalArgumentException | StoreException e) {
            // Shown with the reason the drain recorded.
            return List.of();
        }
    }
}
