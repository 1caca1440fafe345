package dev.mapisync.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxJournalTest {

    @TempDir
    Path directory;

    @Test
    void recordsRoundTripAndReplaceEachOther() throws IOException {
        OutboxJournal journal = new OutboxJournal(directory);
        OutboxRecord first = new OutboxRecord("1700000000.M1P2.host,S=10:2,S", OutboxRecord.State.SUBMITTING, 1,
                Set.of("SMTP:a@x.org"), "", 0);
        journal.write(first);
        assertEquals(first, journal.read(first.messageId()).orElseThrow());
        OutboxRecord next = new OutboxRecord(first.messageId(), OutboxRecord.State.RETRYING, 2,
                Set.of("SMTP:a@x.org", "FAX:+49 30"), "SMTP:b@x.org: 451 try later\nsecond line", 1234);
        journal.write(next);
        assertEquals(List.of(next), journal.readAll());
        try (Stream<Path> files = Files.list(directory)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
        journal.delete(first.messageId());
        assertTrue(journal.readAll().isEmpty());
    }

    @Test
    void aDamagedRecordIsNamed() throws IOException {
        OutboxJournal journal = new OutboxJournal(directory);
        journal.write(OutboxRecord.fresh("m1"));
        try (Stream<Path> files = Files.list(directory)) {
            Path file = files.findFirst().orElseThrow();
            Files.writeString(file, "id=m1\nstate=NONSENSE\n");
            IOException e = assertThrows(IOException.class, journal::readAll);
            assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
        }
    }
}
