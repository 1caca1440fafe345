package dev.mapisync.store.local;

import dev.mapisync.api.message.MessageFlag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one replica folder and its server folder last agreed on: each server message the
 * folder holds (by its {@code ,R=} field) with its flags. The files are compared with it to
 * find what other software changed ({@link OutsideChangeScan}); every write of the store's
 * own keeps it up to date (a server's change mirrored, a user's change journaled), so that
 * what differs can only be another program's doing. Kept in a small file of the maildir
 * ({@value #NAME}), which moves with the folder; written whole and atomically. Not
 * thread-safe: the store's lock guards it.
 */
final class AgreedMessages {

    static final String NAME = "mapisync-agreed";
    private static final String HEADER = "mapisync-agreed v1";

    private final Map<String, Set<MessageFlag>> flags;
    private boolean changed;

    private AgreedMessages(Map<String, Set<MessageFlag>> flags) {
        this.flags = flags;
    }

    static AgreedMessages empty() {
        return new AgreedMessages(new HashMap<>());
    }

    /** @return the folder's agreed messages; empty if it has no file yet */
    static AgreedMessages read(Path folderDirectory) throws IOException {
        Path file = folderDirectory.resolve(NAME);
        if (!Files.exists(file)) {
            return empty();
        }
        Map<String, Set<MessageFlag>> read = new HashMap<>();
        String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\n");
        if (lines.length == 0 || !lines[0].equals(HEADER)) {
            throw new IOException(file + " is not a record of agreed messages (" + HEADER + ")");
        }
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            int space = lines[i].indexOf(' ');
            if (space < 1) {
                throw new IOException(file + " line " + (i + 1) + " is damaged");
            }
            read.put(lines[i].substring(0, space), MaildirName.parse(":2," + lines[i].substring(space + 1)).flags());
        }
        return new AgreedMessages(read);
    }

    /** Writes the record durably, if it changed since it was read or written. */
    void save(Path folderDirectory) throws IOException {
        if (!changed) {
            return;
        }
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (Map.Entry<String, Set<MessageFlag>> entry : flags.entrySet()) {
            text.append(entry.getKey()).append(' ');
            entry.getValue().forEach(flag -> text.append(flag.maildirLetter()));
            text.append('\n');
        }
        Durable.replace(folderDirectory.resolve(NAME), text.toString().getBytes(StandardCharsets.UTF_8));
        changed = false;
    }

    Optional<Set<MessageFlag>> flags(String remoteField) {
        return Optional.ofNullable(flags.get(remoteField));
    }

    void put(String remoteField, Set<MessageFlag> messageFlags) {
        Set<MessageFlag> copy = messageFlags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(messageFlags));
        if (!copy.equals(flags.put(remoteField, copy))) {
            changed = true;
        }
    }

    void remove(String remoteField) {
        if (flags.remove(remoteField) != null) {
            changed = true;
        }
    }

    /** Forgets every message: the folder's numbering (UIDVALIDITY) changed, or the folder is another one now. */
    void clear() {
        if (!flags.isEmpty()) {
            flags.clear();
        }
        changed = true;
    }

    Set<String> remoteFields() {
        return Set.copyOf(flags.keySet());
    }

    int size() {
        return flags.size();
    }
}
