package dev.mapisync.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mapisync.api.host.TaskState;
import dev.mapisync.api.host.TaskStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SyncFollowerTest {

    @Test
    void aBarShowsTheShareDone() {
        assertEquals("imap:work            [######------------------]  25%  Inbox: 100 of 400",
                SyncFollower.bar(status(TaskState.RUNNING, "Inbox: 100 of 400", 100, 400)));
        assertEquals("imap:work            [------------------------]   0%  queued",
                SyncFollower.bar(status(TaskState.QUEUED, "", 0, 0)));
        assertEquals("imap:work            [########################] 100%  ",
                SyncFollower.bar(status(TaskState.IDLE, "", 0, 0)));
    }

    private static TaskStatus status(TaskState state, String step, long index, long indexMax) {
        return new TaskStatus(TaskStatus.Kind.STORE, "imap:work", "work", "dev.mapisync.store.imap", "1.0.1", state, step,
                index, indexMax, Optional.of(Instant.now()), List.of(), Optional.empty(), Optional.empty());
    }
}
