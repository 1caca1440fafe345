package dev.mapisync.dashboard;

import dev.mapisync.api.host.OutboxEntry;
import dev.mapisync.api.host.ProviderProblem;
import dev.mapisync.api.host.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the open pages were last sent, so that a push carries only what changed since: with
 * 1,000 stores one store's progress is one row, not the whole table. Rows are compared as the
 * host's records (equal when nothing the page shows moved; a running row's elapsed time is the
 * page's to count), and only changed ones are written as JSON. Used by one thread (the event
 * stream's pusher) only.
 */
final class PushedRows {

    /** Each task as last pushed, in the host's order. */
    private Map<String, TaskStatus> rows = new LinkedHashMap<>();
    private List<OutboxEntry> outbox = List.of();
    private List<ProviderProblem> problems = List.of();

    /**
     * Takes the host's state now as what the pages have from here on.
     *
     * @return a {@code changes} event's JSON value: {@code now}, {@code tasks} (the rows that
     *         are new or differ), {@code removed} (ids), {@code order} (every id, only when
     *         rows came or went), {@code outbox} and {@code problems} (only when they differ);
     *         {@code null} when nothing changed
     */
    Map<String, Object> changes(Instant now, List<TaskStatus> tasks, List<OutboxEntry> outboxNow,
            List<ProviderProblem> problemsNow) {
        Map<String, TaskStatus> current = new LinkedHashMap<>();
        List<Object> changed = new ArrayList<>();
        for (TaskStatus task : tasks) {
            current.put(task.id(), task);
            if (!task.equals(rows.get(task.id()))) {
                changed.add(StatusJson.task(task));
            }
        }
        List<Object> removed = rows.keySet().stream().filter(id -> !current.containsKey(id)).map(Object.class::cast).toList();
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("now", now.toString());
        changes.put("tasks", changed);
        changes.put("removed", removed);
        if (!List.copyOf(current.keySet()).equals(List.copyOf(rows.keySet()))) {
            changes.put("order", List.copyOf(current.keySet()));
        }
        if (!outboxNow.equals(outbox)) {
            changes.put("outbox", StatusJson.outbox(outboxNow));
        }
        if (!problemsNow.equals(problems)) {
            changes.put("problems", StatusJson.problems(problemsNow));
        }
        rows = current;
        outbox = List.copyOf(outboxNow);
        problems = List.copyOf(problemsNow);
        boolean nothing = changed.isEmpty() && removed.isEmpty() && changes.size() == 3;
        return nothing ? null : changes;
    }
}
