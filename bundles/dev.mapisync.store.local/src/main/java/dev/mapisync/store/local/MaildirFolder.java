package dev.mapisync.store.local;

import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One maildir ({@code cur/}, {@code new/}, {@code tmp/}) and its rows in the listing index.
 * Messages may sit in {@code new/} (delivered by other software) or {@code cur/}; mapisync
 * writes to {@code cur/}. Not thread-safe: the store's lock guards it.
 */
final class MaildirFolder {

    /** A unique name's seconds, and the microseconds of a following {@code M} part. */
    private static final Pattern UNIQUE_NAME = Pattern.compile("(\\d{1,12})\\.(?:M(\\d{1,6})(?!\\d))?");


    private static final String[] MESSAGE_DIRECTORIES = {"cur", "new"};

    private final FolderPath path;
    private final Path directory;
    private final String key;
    private final ListingIndex index;

    MaildirFolder(FolderPath path, Path directory, String key, ListingIndex index) {
        this.path = path;
        this.directory = directory;
        this.key = key;
        this.index = index;
    }

    FolderPath path() {
        return path;
    }

    Path directory() {
        return directory;
    }

    /** Creates a maildir (idempotent: a half-created one is completed). */
    static void create(Path directory) throws IOException {
        boolean existed = Files.isDirectory(directory);
        Files.createDirectories(directory);
        for (String sub : new String[] {"tmp", "new", "cur"}) {
            Files.createDirectories(directory.resolve(sub));
        }
        if (directory.getFileName().toString().startsWith(".")) {
            // Marks a Maildir++ subfolder, as Dovecot and Courier do.
            Path marker = directory.resolve("maildirfolder");
            if (!Files.exists(marker)) {
                Files.createFile(marker);
            }
        }
        Durable.forceDirectory(directory);
        if (!existed && directory.getParent() != null) {
            Durable.forceDirectory(directory.getParent());
        }
    }

    /** Removes what a crash left in {@code tmp/}: never-completed writes. */
    static void clearTemporary(Path maildir) throws IOException {
        Path tmp = maildir.resolve("tmp");
        if (!Files.isDirectory(tmp)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tmp)) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Brings the index in line with the files: rows for new files (read from their header),
     * none for vanished ones, current names for renamed ones.
     *
     * @return every message's row, by base name
     */
    Map<String, ListingRow> reconcile() throws IOException {
        Map<String, String[]> onDisk = new HashMap<>();
        for (String sub : MESSAGE_DIRECTORIES) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory.resolve(sub))) {
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    if (!name.startsWith(".")) {
                        onDisk.put(MaildirName.parse(name).base(), new String[] {sub, name});
                    }
                }
            }
        }
        Map<String, ListingRow> rows = new HashMap<>();
        Set<String> indexed = new HashSet<>(index.bases(key));
        for (Map.Entry<String, String[]> entry : onDisk.entrySet()) {
            String base = entry.getKey();
            String sub = entry.getValue()[0];
            String fileName = entry.getValue()[1];
            Optional<ListingRow> row = indexed.remove(base) ? index.get(key, base) : Optional.empty();
            ListingRow current;
            if (row.isEmpty()) {
                current = summarize(sub, fileName);
            } else if (!row.get().fileName().equals(fileName) || !row.get().subdirectory().equals(sub)) {
                ListingRow r = row.get();
                current = new ListingRow(sub, fileName, r.size(), r.receivedMillis(), r.subject(), r.from());
            } else {
                rows.put(base, row.get());
                continue;
            }
            index.put(key, base, current);
            rows.put(base, current);
        }
        for (String vanished : indexed) {
            index.remove(key, vanished);
        }
        removeSecondCopies(rows);
        return rows;
    }

    /**
     * A server id is held once: where two files carry one (a crash between storing a whole
     * message and removing its headers-only copy, or a copy another program made), the whole
     * one stays, else the first by name, and the others go.
     */
    private void removeSecondCopies(Map<String, ListingRow> rows) throws IOException {
        Map<String, String> kept = new HashMap<>();
        for (String base : new java.util.TreeSet<>(rows.keySet())) {
            if (!base.contains(",R=")) {
                continue;
            }
            MaildirName name = MaildirName.parse(base);
            String field = name.remoteField().orElseThrow();
            String other = kept.putIfAbsent(field, base);
            if (other == null) {
                continue;
            }
            String second = name.complete() && !MaildirName.parse(other).complete() ? other : base;
            kept.put(field, second.equals(base) ? other : base);
            delete(second, rows.remove(second));
        }
    }

    private ListingRow summarize(String sub, String fileName) throws IOException {
        Path file = directory.resolve(sub).resolve(fileName);
        HeaderSummary summary;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 8192)) {
            summary = HeaderSummary.read(in);
        }
        MaildirName name = MaildirName.parse(fileName);
        long size = name.size().orElse(Files.size(file));
        return new ListingRow(sub, fileName, size, received(name.base(), file), summary.subject(), summary.from());
    }

    /**
     * When a message came into the folder, to the millisecond where the name tells it: the
     * seconds that start a Maildir unique name, and the microseconds of its {@code M} part when
     * it has one (Dovecot's and this store's names do); within a second without them, the
     * file's modification time if it falls in that second. The Outbox leaves in this order.
     */
    static long received(String base, Path file) throws IOException {
        Matcher name = UNIQUE_NAME.matcher(base);
        if (!name.lookingAt()) {
            return Files.getLastModifiedTime(file).toMillis();
        }
        long seconds = Long.parseLong(name.group(1));
        if (name.group(2) != null) {
            return seconds * 1000 + Math.min(999, Long.parseLong(name.group(2)) / 1000);
        }
        long modified = Files.getLastModifiedTime(file).toMillis();
        return modified / 1000 == seconds ? modified : seconds * 1000;
    }

    Optional<ListingRow> row(String base) throws IOException {
        Optional<ListingRow> row = index.get(key, base);
        if (row.isPresent() && Files.exists(file(row.get()))) {
            return row;
        }
        return Optional.ofNullable(reconcile().get(base));
    }

    /** @return the message with that server id field, as the index knows it (a sync reconciles each folder it plans) */
    Optional<Map.Entry<String, ListingRow>> byRemote(String remoteField) throws IOException {
        Optional<String> base = index.baseOfRemote(key, remoteField);
        if (base.isEmpty()) {
            return Optional.empty();
        }
        return row(base.get()).map(row -> Map.entry(base.get(), row));
    }

    Path file(ListingRow row) {
        return directory.resolve(row.subdirectory()).resolve(row.fileName());
    }

    /**
     * Moves a fully written temporary file into {@code cur/} under its final name. The caller
     * forces {@code cur/} before it reports the message stored (outside the store's lock, so
     * that concurrent appends share the wait), or before the sync state that covers it.
     *
     * @param summary the message's header summary, read as it was written
     */
    void add(Path temporary, MaildirName name, long size, HeaderSummary summary) throws IOException {
        Path target = directory.resolve("cur").resolve(name.fileName());
        Files.move(temporary, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        index.put(key, name.base(), new ListingRow("cur", name.fileName(), size, received(name.base(), target),
                summary.subject(), summary.from()));
    }

    /**
     * Renames the message's file to carry the flags (nothing if it does). The caller forces the
     * directories returned: a user's change before it reports the change made, outside the
     * store's lock, so that concurrent changes share the disk's flushes; the server's changes
     * before the folder's sync state moves past them.
     *
     * @return the directories the rename changed; empty if the flags were those already
     */
    Set<Path> setFlags(String base, ListingRow row, Set<MessageFlag> flags) throws IOException {
        MaildirName renamed = MaildirName.parse(row.fileName()).withFlags(flags);
        Path source = file(row);
        Path target = directory.resolve("cur").resolve(renamed.fileName());
        if (target.equals(source)) {
            return Set.of();
        }
        Files.move(source, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        index.put(key, base, new ListingRow("cur", renamed.fileName(), row.size(), row.receivedMillis(),
                row.subject(), row.from()));
        return source.getParent().equals(target.getParent()) ? Set.of(target.getParent())
                : Set.of(source.getParent(), target.getParent());
    }

    void attachRemote(String base, ListingRow row, String remoteField) throws IOException {
        MaildirName name = MaildirName.parse(row.fileName());
        // A message that carried another server id (appended again after the server lost it) gets the new one only.
        MaildirName renamed = new MaildirName(name.baseWithoutRemote() + ",R=" + remoteField, name.flags(),
                name.otherLetters());
        Path target = directory.resolve("cur").resolve(renamed.fileName());
        Durable.rename(file(row), target);
        index.remove(key, base);
        index.put(key, renamed.base(), new ListingRow("cur", renamed.fileName(), row.size(), row.receivedMillis(),
                row.subject(), row.from()));
    }

    /** Gives a message another base (its flags kept), in {@code cur/}, durably. */
    void rebase(String base, ListingRow row, String newBase) throws IOException {
        MaildirName name = MaildirName.parse(row.fileName());
        MaildirName renamed = new MaildirName(newBase, name.flags(), name.otherLetters());
        Durable.rename(file(row), directory.resolve("cur").resolve(renamed.fileName()));
        index.remove(key, base);
        index.put(key, newBase, new ListingRow("cur", renamed.fileName(), row.size(), row.receivedMillis(),
                row.subject(), row.from()));
    }

    void moveTo(String base, ListingRow row, MaildirFolder target, MaildirName name) throws IOException {
        Path destination = target.directory.resolve("cur").resolve(name.fileName());
        Durable.rename(file(row), destination);
        index.remove(key, base);
        index.put(target.key, name.base(), new ListingRow("cur", name.fileName(), row.size(), row.receivedMillis(),
                row.subject(), row.from()));
    }

    void delete(String base, ListingRow row) throws IOException {
        Durable.delete(file(row));
        index.remove(key, base);
    }
}
