package dev.mapisync.store.local;

import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One folder's files read against its {@link AgreedMessages}: which server messages carry
 * other flags now, which are gone, which files the server never numbered (new to it), and
 * which carry another folder's numbering (moved or copied here by other software). Reads the
 * file names only, never a message. Writes nothing.
 */
final class FolderDiff {

    /** A message file as found. */
    record Found(String base, String fileName, Optional<String> remoteField, Set<MessageFlag> flags) {
    }

    /** A server message the record holds whose file is gone, with its agreed flags. */
    record Vanished(FolderDiff folder, String remoteField, Set<MessageFlag> agreed) {
    }

    final FolderPath path;
    final Path directory;
    final String directoryName;
    final long validity;
    final long curModified;
    final long newModified;
    final long lookedAtMillis;
    final int agreedCount;
    /** See {@link #namesDigest(Path)}; set by {@link #read}. */
    long namesDigest;
    /** Server messages whose flags differ from the agreed ones, with those agreed. */
    final Map<Found, Set<MessageFlag>> flagChanges = new HashMap<>();
    /** Server messages of this folder's numbering the record lacks: stored just before a crash. */
    final List<Found> adopted = new ArrayList<>();
    /** Files with another numbering than this folder's (see {@link OutsideChangeScan}). */
    final List<Found> foreign = new ArrayList<>();
    /** Files without a server id that no pending change names: new to the server. */
    final List<Found> unnumbered = new ArrayList<>();
    final List<Vanished> vanished = new ArrayList<>();
    /** Agreed messages of a past numbering of this folder: the server renumbered it, they are nobody's now. */
    final List<String> stale = new ArrayList<>();

    private FolderDiff(FolderPath path, Path directory, String directoryName, long validity, long[] times,
            long lookedAtMillis, int agreedCount) {
        this.path = path;
        this.directory = directory;
        this.directoryName = directoryName;
        this.validity = validity;
        this.curModified = times[0];
        this.newModified = times[1];
        // Before the times were read (see times): a look never seems later than it was.
        this.lookedAtMillis = lookedAtMillis;
        this.agreedCount = agreedCount;
    }

    /**
     * @return the modification times of {@code cur/} and {@code new/}, in nanoseconds, and the
     *         moment (in milliseconds) just before they were read
     */
    static long[] times(Path directory) throws IOException {
        long now = System.currentTimeMillis();
        return new long[] {modified(directory.resolve("cur")), modified(directory.resolve("new")), now};
    }

    /**
     * @return a digest of the names in {@code cur/} and {@code new/}, in any order: every flag
     *         change, removal, arrival or move of a message changes a name there, and so the digest
     */
    static long namesDigest(Path directory) throws IOException {
        long digest = 0;
        for (String sub : new String[] {"cur", "new"}) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory.resolve(sub))) {
                for (Path file : files) {
                    digest += nameHash(sub, file.getFileName().toString());
                }
            }
        }
        return digest;
    }

    /** FNV-1a over the subdirectory and the name, then a final mix, so that a sum of many stays well spread. */
    private static long nameHash(String sub, String name) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < sub.length() + name.length(); i++) {
            hash ^= i < sub.length() ? sub.charAt(i) : name.charAt(i - sub.length());
            hash *= 0x100000001b3L;
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        return hash ^ (hash >>> 33);
    }

    private static long modified(Path directory) throws IOException {
        java.time.Instant time = Files.getLastModifiedTime(directory).toInstant();
        return time.getEpochSecond() * 1_000_000_000L + time.getNano();
    }

    /**
     * @param times the directories' times, read before the names (a change made while reading
     *        then shows at the next look)
     * @param pendingBases the bases of messages that pending changes name (the user's appends
     *        and moves not uploaded yet)
     */
    static FolderDiff read(FolderPath path, Path directory, String directoryName, long validity, long[] times,
            AgreedMessages agreed, Set<String> pendingBases) throws IOException {
        FolderDiff diff = new FolderDiff(path, directory, directoryName, validity, times, times[2], agreed.size());
        String numbering = validity + "-";
        Map<String, Set<MessageFlag>> unseen = new HashMap<>();
        for (String field : agreed.remoteFields()) {
            if (field.startsWith(numbering)) {
                unseen.put(field, agreed.flags(field).orElseThrow());
            } else {
                diff.stale.add(field);
            }
        }
        for (Found found : diff.files(directory)) {
            if (found.remoteField().isEmpty()) {
                if (!pendingBases.contains(found.base())) {
                    diff.unnumbered.add(found);
                }
                continue;
            }
            String field = found.remoteField().get();
            if (!field.startsWith(numbering)) {
                diff.foreign.add(found);
                continue;
            }
            Set<MessageFlag> before = unseen.remove(field);
            if (before == null) {
                // A second file of one server message is the listing's to remove (MaildirFolder.reconcile).
                if (agreed.flags(field).isEmpty()) {
                    diff.adopted.add(found);
                }
            } else if (!before.equals(found.flags())) {
                diff.flagChanges.put(found, before);
            }
        }
        unseen.forEach((field, flags) -> diff.vanished.add(new Vanished(diff, field, flags)));
        return diff;
    }

    private List<Found> files(Path directory) throws IOException {
        List<Found> found = new ArrayList<>();
        namesDigest = 0;
        for (String sub : new String[] {"cur", "new"}) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory.resolve(sub))) {
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    namesDigest += nameHash(sub, name);
                    if (!name.startsWith(".")) {
                        MaildirName parsed = MaildirName.parse(name);
                        found.add(new Found(parsed.base(), name, parsed.remoteField(), parsed.flags()));
                    }
                }
            }
        }
        return found;
    }

    /** @return the field's numbering (UIDVALIDITY) */
    static long validityOf(String remoteField) {
        try {
            return Long.parseLong(remoteField.substring(0, Math.max(0, remoteField.indexOf('-'))));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
