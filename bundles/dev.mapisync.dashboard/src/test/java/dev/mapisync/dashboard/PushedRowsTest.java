package dev.mapisync.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PushedRowsTest {

    private static Map<String, Object> row(String id, String state, long index) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("state", state);
        row.put("index", index);
        return row;
    }

    private static Map<String, Object> snapshot(List<Object> tasks, List<Object> outbox) {
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("now", "2026-12-02T05:00:00Z");
        snapshot.put("tasks", tasks);
        snapshot.put("outbox", outbox);
        snapshot.put("problems", List.of());
        return snapshot;
    }

    private static List<Object> thousand(int runningIndex) {
        List<Object> tasks = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            tasks.add(i == 500 ? row("imap:user500", "RUNNING", runningIndex) : row("imap:user" + i, "IDLE", 0));
        }
        return tasks;
    }

    @Test
    void onlyTheRowThatMovedIsPushed() {
        PushedRows pushed = new PushedRows();
        Map<String, Object> first = pushed.changes(snapshot(thousand(1), List.of()));
        assertEquals(1_000, ((List<?>) first.get("tasks")).size(), "the first push has every row");
        assertTrue(first.containsKey("order"));

        Map<String, Object> second = pushed.changes(snapshot(thousand(2), List.of()));
        assertEquals(List.of(row("imap:user500", "RUNNING", 2)), second.get("tasks"));
        assertEquals(List.of(), second.get("removed"));
        assertFalse(second.containsKey("order"), "the same rows in the same order: no order sent");
        assertFalse(second.containsKey("outbox"), "the Outbox did not change");
        assertTrue(Json.write(second).length() < 200, Json.write(second));

        assertNull(pushed.changes(snapshot(thousand(2), List.of())), "nothing changed: nothing to push");
    }

    @Test
    void rowsThatComeOrGoAndTheOutboxAreSaid() {
        PushedRows pushed = new PushedRows();
        pushed.changes(snapshot(List.of(row("a", "IDLE", 0), row("b", "IDLE", 0)), List.of()));
        Map<String, Object> changes = pushed.changes(snapshot(List.of(row("a", "IDLE", 0), row("c", "QUEUED", 0)),
                List.of(Map.of("id", "m1"))));
        assertEquals(List.of(row("c", "QUEUED", 0)), changes.get("tasks"));
        assertEquals(List.of("b"), changes.get("removed"));
        assertEquals(List.of("a", "c"), changes.get("order"));
        assertEquals(List.of(Map.of("id", "m1")), changes.get("outbox"));
        assertFalse(changes.containsKey("problems"));
    }
}
