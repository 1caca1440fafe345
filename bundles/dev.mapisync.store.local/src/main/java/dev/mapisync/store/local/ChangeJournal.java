package dev.mapisync.store.local;

import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.store.FolderSyncState;
import dev.mapisync.api.store.LocalChange;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * A replica's journal of the user's changes, one small durable file per change, named by its
 * sequence number so that the directory order is the journal order. An entry is written
 * before the change it describes is made, so a crash never leaves a change the upload would
 * miss.
 */
final class ChangeJournal {

    private final Path directory;
    private long next;

    ChangeJournal(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory);
        long highest = -1;
        for (LocalChange change : pending()) {
            highest = Math.max(highest, change.sequence());
        }
        next = highest + 1;
    }

    synchronized LocalChange append(LocalChange.Kind kind, FolderPath folder, Optional<MessageId> message,
            Optional<String> remoteId, Optional<FolderPath> target, Set<MessageFlag> flags,
            Optional<LocalChange.Agreed> agreed) throws IOException {
        LocalChange change = new LocalChange(next++, kind, folder, message, remoteId, target, flags, agreed);
        Properties p = new Properties();
        p.setProperty("kind", kind.name());
        p.setProperty("folder", folder.toString());
        message.ifPresent(m -> p.setProperty("message", m.value()));
        remoteId.ifPresent(r -> p.setProperty("remoteId", r));
        target.ifPresent(t -> p.setProperty("target", t.toString()));
        StringBuilder letters = new StringBuilder();
        flags.forEach(f -> letters.append(f.name()).append(' '));
        p.setProperty("flags", letters.toString().trim());
        agreed.ifPresent(a -> {
            StringBuilder agreedLetters = new StringBuilder();
            a.flags().forEach(f -> agreedLetters.append(f.name()).append(' '));
            p.setProperty("agreedFlags", agreedLetters.toString().trim());
            a.folderState().ifPresent(s -> p.setProperty("agreedState", s.validity() + " " + s.uidNext() + " "
                    + s.highestModSeq()));
        });
        StringWriter text = new StringWriter();
        p.store(text, null);
        Durable.replace(file(change.sequence()), text.toString().getBytes(StandardCharsets.UTF_8));
        return change;
    }

    /**
     * Adds (or replaces) the upload note of a pending change, durably: the entry is written
     * again whole, with the note, in one atomic rename.
     *
     * @return false if the change is no longer pending
     */
    synchronized boolean note(long sequence, String note) throws IOException {
        Path file = file(sequence);
        if (!Files.exists(file)) {
            return false;
        }
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        p.setProperty("uploadNote", note);
        StringWriter text = new StringWriter();
        p.store(text, null);
        Durable.replace(file, text.toString().getBytes(StandardCharsets.UTF_8));
        return true;
    }

    /** @return the upload note of a change, empty if it has none or is no longer pending */
    synchronized Optional<String> note(long sequence) throws IOException {
        Path file = file(sequence);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        return Optional.ofNullable(p.getProperty("uploadNote"));
    }

    synchronized void remove(long sequence) throws IOException {
        Path file = file(sequence);
        if (Files.exists(file)) {
            Durable.delete(file);
        }
    }

    synchronized List<LocalChange> pending() throws IOException {
        List<LocalChange> changes = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.change")) {
            for (Path file : files) {
                changes.add(read(file));
            }
        }
        changes.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
        return changes;
    }

    private LocalChange read(Path file) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        try {
            String name = file.getFileName().toString();
            Set<MessageFlag> flags = flags(p.getProperty("flags", ""));
            Optional<LocalChange.Agreed> agreed = Optional.empty();
            if (p.getProperty("agreedFlags") != null) {
                Optional<FolderSyncState> state = Optional.ofNullable(p.getProperty("agreedState")).map(text -> {
                    String[] numbers = text.split(" ");
                    return new FolderSyncState(Long.parseLong(numbers[0]), Long.parseLong(numbers[1]),
                            Long.parseLong(numbers[2]));
                });
                agreed = Optional.of(new LocalChange.Agreed(flags(p.getProperty("agreedFlags")), state));
            }
            return new LocalChange(Long.parseLong(name.substring(0, name.indexOf('.'))),
                    LocalChange.Kind.valueOf(p.getProperty("kind")), FolderPath.parse(p.getProperty("folder")),
                    Optional.ofNullable(p.getProperty("message")).map(MessageId::new),
                    Optional.ofNullable(p.getProperty("remoteId")),
                    Optional.ofNullable(p.getProperty("target")).map(FolderPath::parse), flags, agreed);
        } catch (RuntimeException e) {
            throw new IOException("journal entry " + file + " is damaged: " + e.getMessage(), e);
        }
    }

    private static Set<MessageFlag> flags(String names) {
        EnumSet<MessageFlag> flags = EnumSet.noneOf(MessageFlag.class);
        for (String flag : names.split(" ")) {
            if (!flag.isBlank()) {
                flags.add(MessageFlag.valueOf(flag));
            }
        }
        return flags;
    }

    private Path file(long sequence) {
        return directory.resolve(String.format("%020d.change", sequence));
    }
}
