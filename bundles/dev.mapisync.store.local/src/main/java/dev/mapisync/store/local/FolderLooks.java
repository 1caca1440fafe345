package dev.mapisync.store.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The replica's folders as {@link OutsideChangeScan} last looked at them, by directory name
 * (the Inbox's is empty): the folder's numbering and message count then, and the modification
 * times of its {@code cur/} and {@code new/} with the moment they were read. Every change to
 * a folder's files changes those times, so a folder whose times are as recorded (and were
 * read well after they were set, see {@link Look#since}) is not read at all: a sync
 * with nothing changed costs two stats per folder. In one file of the root ({@value #NAME}),
 * written whole and atomically. Not thread-safe: the store's lock guards it.
 */
final class FolderLooks {

    static final String NAME = "mapisync-looks";
    private static final String HEADER = "mapisync-looks v1";

    /**
     * How long after a directory's modification its time can be trusted to show the next
     * change: file systems stamp with a coarse clock (a kernel tick of a few milliseconds where
     * times have nanoseconds; whole seconds on some), so a change in the same tick as the look
     * would leave the time as it was. A folder looked at sooner than that after its last change
     * has its names compared ({@link Look#namesDigest}) at the next look.
     */
    static final long FINE_TICK_MILLIS = 50;
    static final long COARSE_TICK_MILLIS = 2_000;

    /** What a folder's times say since its last look. */
    enum Since {
        /** The times are those of the look, and were read well after they were set: nothing changed. */
        UNCHANGED,
        /** The times are those of the look, but read within a tick of a change: the names tell. */
        NAMES_TELL,
        /** The times moved (or were never read): the folder is read against its record. */
        CHANGED
    }

    /**
     * One folder as last looked at.
     *
     * @param validity its UIDVALIDITY then, 0 if it had none (a folder renamed by other software is known by it)
     * @param uidNext its UIDNEXT then, for a folder removed by other software (did it receive mail since?)
     * @param messages how many server messages it held then
     * @param curModified {@code cur/}'s modification time, in nanoseconds; -1 if unknown
     * @param newModified {@code new/}'s modification time, in nanoseconds; -1 if unknown
     * @param namesDigest a digest of the names in {@code cur/} and {@code new/} ({@link FolderDiff#namesDigest})
     * @param lookedAtMillis when the times were read
     */
    record Look(long validity, long uidNext, int messages, long curModified, long newModified, long namesDigest,
            long lookedAtMillis) {

        static Look unknown(long validity, long uidNext, int messages) {
            return new Look(validity, uidNext, messages, -1, -1, 0, 0);
        }

        /** @return what the directories' times now say of the folder's files since this look */
        Since since(long curNow, long newNow) {
            if (curModified < 0 || curNow != curModified || newNow != newModified) {
                return Since.CHANGED;
            }
            boolean fine = curModified % 1_000_000_000L != 0 || newModified % 1_000_000_000L != 0;
            long lastChangeMillis = Math.max(curModified, newModified) / 1_000_000;
            return lookedAtMillis - lastChangeMillis > (fine ? FINE_TICK_MILLIS : COARSE_TICK_MILLIS) ? Since.UNCHANGED
                    : Since.NAMES_TELL;
        }

        /** @return this look, taken again at {@code millis} (the names were found as they were) */
        Look takenAt(long millis) {
            return new Look(validity, uidNext, messages, curModified, newModified, namesDigest, millis);
        }
    }

    private final Map<String, Look> looks;
    private boolean found;
    /** Whether a look changed since the file was read or written. */
    private boolean changed;

    private FolderLooks(Map<String, Look> looks, boolean found) {
        this.looks = looks;
        this.found = found;
    }

    /** @return the last looks; none (and {@link #found()} false) if the replica was never looked at */
    static FolderLooks read(Path root) throws IOException {
        Path file = root.resolve(NAME);
        if (!Files.exists(file)) {
            return new FolderLooks(new HashMap<>(), false);
        }
        Map<String, Look> read = new HashMap<>();
        String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\n");
        if (!lines[0].equals(HEADER)) {
            throw new IOException(file + " is not a record of folder looks (" + HEADER + ")");
        }
        for (int i = 1; i < lines.length; i++) {
            String[] parts = lines[i].split("\t", -1);
            if (parts.length != 8) {
                throw new IOException(file + " line " + (i + 1) + " is damaged");
            }
            try {
                read.put(parts[0], new Look(Long.parseLong(parts[1]), Long.parseLong(parts[2]), Integer.parseInt(parts[3]),
                        Long.parseLong(parts[4]), Long.parseLong(parts[5]), Long.parseLong(parts[6]),
                        Long.parseLong(parts[7])));
            } catch (NumberFormatException e) {
                throw new IOException(file + " line " + (i + 1) + " is damaged: " + e.getMessage(), e);
            }
        }
        return new FolderLooks(read, true);
    }

    void save(Path root) throws IOException {
        StringBuilder text = new StringBuilder(HEADER);
        for (Map.Entry<String, Look> entry : looks.entrySet()) {
            Look look = entry.getValue();
            text.append('\n').append(entry.getKey()).append('\t').append(look.validity()).append('\t')
                    .append(look.uidNext()).append('\t').append(look.messages()).append('\t').append(look.curModified())
                    .append('\t').append(look.newModified()).append('\t').append(look.namesDigest()).append('\t')
                    .append(look.lookedAtMillis());
        }
        Durable.replace(root.resolve(NAME), text.toString().getBytes(StandardCharsets.UTF_8));
        found = true;
        changed = false;
    }

    boolean changed() {
        return changed;
    }

    /** @return whether the replica was looked at before (else what it holds now is taken as agreed) */
    boolean found() {
        return found;
    }

    Optional<Look> get(String directoryName) {
        return Optional.ofNullable(looks.get(directoryName));
    }

    void put(String directoryName, Look look) {
        changed |= !look.equals(looks.put(directoryName, look));
    }

    void remove(String directoryName) {
        changed |= looks.remove(directoryName) != null;
    }

    Set<String> directoryNames() {
        return Set.copyOf(looks.keySet());
    }
}
