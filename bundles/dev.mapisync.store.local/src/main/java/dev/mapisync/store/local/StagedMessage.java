package dev.mapisync.store.local;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A message streamed into its folder's {@code tmp/} and forced to disk, outside the store's
 * lock (a big message does not stop the store), waiting to be renamed into place under it;
 * discarded if it is not. The store clears what a crash leaves in {@code tmp/} when it opens.
 *
 * @param unique the message's unique name (the start of its base)
 * @param summary its header's fields the listing shows
 */
record StagedMessage(Path temporary, String unique, long size, HeaderSummary summary) {

    /** @throws IOException if it cannot be written; nothing is left then */
    static StagedMessage write(Path folderDirectory, String unique, InputStream content) throws IOException {
        Path temporary = folderDirectory.resolve("tmp").resolve(unique);
        try {
            Durable.Written written = Durable.write(temporary, content, HeaderSummary.MAX_HEADER_BYTES);
            return new StagedMessage(temporary, unique, written.size(),
                    HeaderSummary.read(new ByteArrayInputStream(written.head())));
        } catch (IOException | RuntimeException e) {
            new StagedMessage(temporary, unique, 0, null).discard();
            throw e;
        }
    }

    /** @return the base of its file name once in place */
    String base(Optional<String> remote, boolean complete) {
        return MaildirName.base(unique, size, remote, complete);
    }

    /** Removes it: it was not stored. */
    void discard() {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
            // Cleared when the store opens next.
        }
    }
}
