package dev.mapisync.store.local;

import dev.mapisync.api.store.FolderSyncState;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/** A replica folder's sync state, in a small file of its maildir written atomically. */
final class SyncStateFile {

    static final String NAME = "mapisync-state";

    private SyncStateFile() {
    }

    static Optional<FolderSyncState> read(Path folderDirectory) throws IOException {
        Path file = folderDirectory.resolve(NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = new StringReader(Files.readString(file, StandardCharsets.UTF_8))) {
            properties.load(reader);
        }
        try {
            return Optional.of(new FolderSyncState(Long.parseLong(properties.getProperty("validity")),
                    Long.parseLong(properties.getProperty("uidNext")),
                    Long.parseLong(properties.getProperty("highestModSeq"))));
        } catch (RuntimeException e) {
            throw new IOException("sync state " + file + " is damaged: " + e.getMessage(), e);
        }
    }

    static void write(Path folderDirectory, FolderSyncState state) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("validity", Long.toString(state.validity()));
        properties.setProperty("uidNext", Long.toString(state.uidNext()));
        properties.setProperty("highestModSeq", Long.toString(state.highestModSeq()));
        StringWriter text = new StringWriter();
        properties.store(text, null);
        Durable.replace(folderDirectory.resolve(NAME), text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
