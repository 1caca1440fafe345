package dev.mapisync.host;

import dev.mapisync.api.message.MessageInfo;
import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.store.StoreException;
import dev.mapisync.api.store.WellKnownFolder;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What waits in the Outbox as one drain finds it: the messages, oldest first, and the
 * journal's record of each message that has one. The records of messages that left the
 * Outbox (the user deleted or moved them) are forgotten as it is read.
 */
record OutboxWaiting(List<MessageInfo> messages, Map<String, OutboxRecord> records) {

    /** @return what waits; empty (logged) if the Outbox or the journal cannot be read */
    static Optional<OutboxWaiting> read(MessageStore store, OutboxJournal journal, System.Logger log) {
        Map<String, OutboxRecord> records = new HashMap<>();
        List<MessageInfo> messages;
        try {
            messages = oldestFirst(store.messages(WellKnownFolder.OUTBOX.path()));
            for (OutboxRecord record : journal.readAll()) {
                records.put(record.messageId(), record);
            }
        } catch (StoreException | IOException e) {
            log.log(Level.WARNING, "the Outbox cannot be read: " + e.getMessage());
            return Optional.empty();
        }
        forgetLeftMessages(messages, records, journal, log);
        return Optional.of(new OutboxWaiting(messages, records));
    }

    /** Mail leaves in the order it was queued: by the time the store received it, then by id. */
    static List<MessageInfo> oldestFirst(List<MessageInfo> messages) {
        List<MessageInfo> sorted = new ArrayList<>(messages);
        sorted.sort(Comparator.comparing(MessageInfo::received).thenComparing(m -> m.id().value()));
        return sorted;
    }

    private static void forgetLeftMessages(List<MessageInfo> messages, Map<String, OutboxRecord> records,
            OutboxJournal journal, System.Logger log) {
        Set<String> present = new HashSet<>();
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
}
