package dev.mapisync.dashboard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the open pages were last sent, so that a push carries only what changed since: with
 * 1,000 stores one store's progress is one row, not the whole table. Used by one thread (the
 * event stream's pusher) only.
 */
final class PushedRows {

    /** Each task's row as last pushed, as JSON, in the host's order. */
    private Map<String, String> rows = new LinkedHashMap<>();
    private String outbox = "[]";
    private String problems = "[]";

    /**
     * Takes the host's state now as what the pages have from here on.
     *
     * @param snapshot the state, as {@link StatusJson#snapshot} makes it
     * @return a {@code changes} event's JSON value: {@code now}, {@code tasks} (the rows that
     *         are new or differ), {@code removed} (ids), {@code order} (every id, only when
     *         rows came or went), {@code outbox} and {@code problems} (only when they differ);
     *         {@code null} when nothing changed
     */
    @SuppressWarnings("unchecked")
    Map<String, Object> changes(Map<String, Object> snapshot) {
        Map<String, String> now = new LinkedHashMap<>();
        Map<String, Object> rowById = new HashMap<>();
        for (Object task : (List<Object>) snapshot.get("tasks")) {
            String id = (String) ((Map<String, Object>) task).get("id");
            now.put(id, Json.write(task));
            rowById.put(id, task);
        }
        List<Object> changed = new ArrayList<>();
        now.forEach((id, json) -> {
            if (!json.equals(rows.get(id))) {
                changed.add(rowById.get(id));
            }
        });
        List<Object> removed = rows.keySet().stream().filter(id -> !now.containsKey(id)).map(Object.class::cast).toList();
        String outboxNow = Json.write(snapshot.get("outbox"));
        String problemsNow = Json.write(snapshot.get("problems"));
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("now", snapshot.get("now"));
        changes.put("tasks", changed);
        changes.put("removed", removed);
        if (!List.copyOf(now.keySet()).equals(List.copyOf(rows.keySet()))) {
            changes.put("order", List.copyOf(now.keySet()));
        }
        if (!outboxNow.equals(outbox)) {
            changes.put("outbox", snapshot.get("outbox"));
        }
        if (!problemsNow.equals(problems)) {
            changes.put("problems", snapshot.get("problems"));
        }
        rows = now;
        outbox = outboxNow;
        problems = problemsNow;
        boolean nothing = changed.isEmpty() && removed.isEmpty() && changes.size() == 3;
        return nothing ? null : changes;
    }
}
