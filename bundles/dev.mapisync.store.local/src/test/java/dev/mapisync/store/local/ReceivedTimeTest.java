package dev.mapisync.store.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a message came into a folder, read from its Maildir name, as finely as the name tells it. */
class ReceivedTimeTest {

    @TempDir
    Path folder;

    private Path file(String name, long modifiedMillis) throws Exception {
        Path file = Files.writeString(folder.resolve(name), "Subject: x\r\n\r\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(modifiedMillis));
        return file;
    }

    @Test
    void theMicrosecondsOfDovecotsAndThisStoresNamesCount() throws Exception {
        assertEquals(1_796_000_000_123L, MaildirFolder.received("1796000000.M123456P77Q3.host",
                file("a", 5_000_000_000L)));
        assertEquals(1_796_000_000_000L, MaildirFolder.received("1796000000.M7P77.host", file("b", 5_000_000_000L)));
    }

    @Test
    void withoutThemTheModificationTimeWithinTheNamedSecondCounts() throws Exception {
        // As mutt names its files: seconds, then a random part.
        assertEquals(1_796_000_000_456L, MaildirFolder.received("1796000000.R8f3a2b.host", file("c", 1_796_000_000_456L)));
        assertEquals(1_796_000_000_000L, MaildirFolder.received("1796000000.R8f3a2b.host", file("d", 1_700_000_000_000L)),
                "a modification time outside the named second is not the arrival");
    }

    @Test
    void aNameWithoutSecondsFallsBackToTheModificationTime() throws Exception {
        assertEquals(1_700_000_000_321L, MaildirFolder.received("queued-by-hand", file("e", 1_700_000_000_321L)));
    }
}
