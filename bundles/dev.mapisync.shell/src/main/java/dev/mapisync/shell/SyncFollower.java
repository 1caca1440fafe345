package dev.mapisync.shell;

import dev.mapisync.api.host.SendReceive;
import dev.mapisync.api.host.TaskError;
import dev.mapisync.api.host.TaskState;
import dev.mapisync.api.host.TaskStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Follows the syncs {@code mapisync:sync} started until they end: on a terminal as progress
 * bars redrawn in place, otherwise as a plain line whenever a store's step changes; then one
 * line per store with how it ended and its errors. Reads the host's status a few times a
 * second; Ctrl-C (an interrupt) stops following, not the syncs.
 */
final class SyncFollower {

    private static final Duration EVERY = Duration.ofMillis(200);
    /** Following stops after this even if a sync still runs (the host's own timeout is shorter). */
    private static final Duration BOUND = Duration.ofHours(24);
    private static final int BAR = 24;

    private final SendReceive host;
    private final PrintStream out;
    private final boolean bars;
    private final Map<String, String> printed = new HashMap<>();
    private int drawnLines;

    SyncFollower(SendReceive host, PrintStream out, boolean bars) {
        this.host = host;
        this.out = out;
        this.bars = bars;
    }

    /**
     * @param ids the stores to follow, or empty for every store that syncs since {@code since}
     * @param started how many syncs were started
     * @return how each ended
     */
    String follow(Set<String> ids, Instant since, int started) throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        Map<String, TaskStatus> rows = new LinkedHashMap<>();
        while (System.nanoTime() < deadline) {
            rows.clear();
            for (TaskStatus s : host.status()) {
                if (s.kind() == TaskStatus.Kind.STORE && (ids.isEmpty() ? inThisRun(s, since) : ids.contains(s.id()))) {
                    rows.put(s.id(), s);
                }
            }
            show(new ArrayList<>(rows.values()));
            if (rows.size() >= Math.min(started, ids.isEmpty() ? started : ids.size())
                    && rows.values().stream().allMatch(s -> ended(s, since))) {
                return summary(rows.values());
            }
            Thread.sleep(EVERY.toMillis());
        }
        return "still syncing after " + BOUND.toHours() + " h; see mapisync:status\n";
    }

    private static boolean inThisRun(TaskStatus s, Instant since) {
        return s.state() == TaskState.RUNNING || s.state() == TaskState.QUEUED
                || s.lastRun().map(r -> !r.started().isBefore(since)).orElse(false);
    }

    private static boolean ended(TaskStatus s, Instant since) {
        return s.state() != TaskState.RUNNING && s.state() != TaskState.QUEUED
                && s.lastRun().map(r -> !r.started().isBefore(since)).orElse(false);
    }

    private void show(List<TaskStatus> rows) {
        if (bars) {
            if (drawnLines > 0) {
                out.print("\033[" + drawnLines + "F");
            }
            for (TaskStatus s : rows) {
                out.print(bar(s) + "\033[K\n");
            }
            drawnLines = rows.size();
        } else {
            for (TaskStatus s : rows) {
                String line = s.id() + ": " + s.state().name().toLowerCase() + (s.step().isEmpty() ? "" : ", " + s.step())
                        + (s.indexMax() > 0 ? " (" + s.index() + " of " + s.indexMax() + ")" : "");
                if (!line.equals(printed.put(s.id(), line))) {
                    out.println(line);
                }
            }
        }
        out.flush();
    }

    /** {@code id [########------------]  40%  step}, fitting a line of a common terminal. */
    static String bar(TaskStatus s) {
        double done = s.indexMax() > 0 ? Math.min(1.0, (double) s.index() / s.indexMax())
                : s.state() == TaskState.RUNNING || s.state() == TaskState.QUEUED ? 0 : 1;
        int filled = (int) Math.round(done * BAR);
        String step = s.state() == TaskState.QUEUED ? "queued" : s.step();
        return String.format("%-20.20s [%s%s] %3d%%  %.40s", s.id(), "#".repeat(filled), "-".repeat(BAR - filled),
                Math.round(done * 100), step);
    }

    private static String summary(Iterable<TaskStatus> rows) {
        StringBuilder text = new StringBuilder();
        for (TaskStatus s : rows) {
            s.lastRun().ifPresent(r -> text.append(s.id()).append(": ").append(r.status().name()).append(" in ")
                    .append(r.duration().toMillis()).append(" ms\n"));
            for (TaskError e : s.errors()) {
                text.append("  ").append(e.status().name()).append(' ').append(e.status().hex()).append(": ")
                        .append(e.text()).append('\n');
            }
        }
        return text.toString();
    }
}
