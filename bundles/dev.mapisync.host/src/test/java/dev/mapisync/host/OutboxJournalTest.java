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

    @Test
    void relocatingMovesEveryRecordAndWorksThereFromThenOn() throws IOException {
        OutboxJournal journal = new OutboxJournal(directory.resolve("old"));
        OutboxRecord held = new OutboxRecord("m1", OutboxRecord.State.FAILED, 1, Set.of(), "a server may have accepted it", 0);
        journal.write(held);
        journal.write(OutboxRecord.fresh("m2"));
        assertEquals(2, journal.relocate(directory.resolve("new")));
        assertEquals(directory.resolve("new"), journal.directory());
        try (Stream<Path> files = Files.list(directory.resolve("old"))) {
            assertEquals(0, files.count(), "nothing is left where the records were");
        }
        assertEquals(held, new OutboxJournal(directory.resolve("new")).read("m1").orElseThrow(), "moved as it was");
        journal.write(OutboxRecord.fresh("m3"));
        assertEquals(3, new OutboxJournal(directory.resolve("new")).readAll().size(), "and written there from then on");
    }

    @Test
    void relocatingIntoADirectoryThatHoldsRecordsIsRefusedAndChangesNothing() throws IOException {
        new OutboxJournal(directory.resolve("other")).write(OutboxRecord.fresh("theirs"));
        OutboxJournal journal = new OutboxJournal(directory.resolve("mine"));
        journal.write(OutboxRecord.fresh("mine"));
        IOException refused = assertThrows(IOException.class, () -> journal.relocate(directory.resolve("other")));
        assertTrue(refused.getMessage().contains("not merged"), refused.getMessage());
        assertEquals(directory.resolve("mine"), journal.directory());
        assertEquals(1, journal.readAll().size());
        assertEquals(1, new OutboxJournal(directory.resolve("other")).readAll().size());
    }
}
