package dev.mapisync.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapisync.api.host.OutboxEntry;
import dev.mapisync.api.host.TaskState;
import dev.mapisync.api.host.TaskStatus;
import dev.mapisync.api.message.MessageId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PushedRowsTest {

    private static final Instant STARTED = Instant.parse("2026-12-02T05:00:00Z");

    private static TaskStatus row(String id, TaskState state, long index) {
        return new TaskStatus(TaskStatus.Kind.STORE, id, "account " + id, "dev.mapisync.store.imap", "1.2.0", state, "",
                index, 10, state == TaskState.RUNNING ? Optional.of(STARTED) : Optional.empty(), List.of(),
                Optional.empty(), Optional.empty());
    }

    private static List<TaskStatus> thousand(long runningIndex) {
        List<TaskStatus> tasks = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            tasks.add(i == 500 ? row("imap:user500", TaskState.RUNNING, runningIndex) : row("imap:user" + i, TaskState.IDLE, 0));
        }
        return tasks;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> tasks(Map<String, Object> changes) {
        return (List<Map<String, Object>>) changes.get("tasks");
    }

    @Test
    void onlyTheRowThatMovedIsPushed() {
        PushedRows pushed = new PushedRows();
        Map<String, Object> first = pushed.changes(Instant.now(), thousand(1), List.of(), List.of());
        assertEquals(1_000, tasks(first).size(), "the first push has every row");
        assertTrue(first.containsKey("order"));

        Map<String, Object> second = pushed.changes(Instant.now(), thousand(2), List.of(), List.of());
        assertEquals(1, tasks(second).size());
        assertEquals("imap:user500", tasks(second).get(0).get("id"));
        assertEquals(2L, tasks(second).get(0).get("index"));
        assertEquals(List.of(), second.get("removed"));
        assertFalse(second.containsKey("order"), "the same rows in the same order: no order sent");
        assertFalse(second.containsKey("outbox"), "the Outbox did not change");
        assertTrue(Json.write(second).length() < 600, Json.write(second));

        assertNull(pushed.changes(Instant.now().plusSeconds(5), thousand(2), List.of(), List.of()),
                "nothing changed but the time: nothing to push (the page counts a running row's time itself)");
    }

    @Test
    void rowsThatComeOrGoAndTheOutboxAreSaid() {
        PushedRows pushed = new PushedRows();
        pushed.changes(Instant.now(), List.of(row("a", TaskState.IDLE, 0), row("b", TaskState.IDLE, 0)), List.of(), List.of());
        OutboxEntry waiting = new OutboxEntry(new MessageId("m1"), "Hello", List.of("bob@example.org"),
                OutboxEntry.State.PENDING, "", 0, Optional.empty());
        Map<String, Object> changes = pushed.changes(Instant.now(), List.of(row("a", TaskState.IDLE, 0),
                row("c", TaskState.QUEUED, 0)), List.of(waiting), List.of());
        assertEquals(List.of("c"), tasks(changes).stream().map(t -> t.get("id")).toList());
        assertEquals(List.of("b"), changes.get("removed"));
        assertEquals(List.of("a", "c"), changes.get("order"));
        assertTrue(Json.write(changes.get("outbox")).contains("\"subject\":\"Hello\""));
        assertFalse(changes.containsKey("problems"));
    }
}
