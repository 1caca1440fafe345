package dev.mapisync.dashboard;

import dev.mapisync.api.Status;
import dev.mapisync.api.host.OutboxEntry;
import dev.mapisync.api.host.ProviderProblem;
import dev.mapisync.api.host.SendReceive;
import dev.mapisync.api.host.TaskError;
import dev.mapisync.api.host.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The host's status as the JSON the page and the API show (documented in the README). */
final class StatusJson {

    private StatusJson() {
    }

    /** Everything the page shows, at one instant. */
    static Map<String, Object> snapshot(SendReceive host) {
        return snapshot(Instant.now(), host.status(), host.outbox(), host.providerProblems());
    }

    /** The snapshot of a state already read from the host. */
    static Map<String, Object> snapshot(Instant now, List<TaskStatus> tasks, List<OutboxEntry> outbox,
            List<ProviderProblem> problems) {
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("now", now.toString());
        snapshot.put("tasks", tasks(tasks));
        snapshot.put("outbox", outbox(outbox));
        snapshot.put("problems", problems(problems));
        return snapshot;
    }

    static List<Object> tasks(List<TaskStatus> status) {
        return status.stream().map(StatusJson::task).map(Object.class::cast).toList();
    }

    static Map<String, Object> task(TaskStatus s) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("kind", s.kind().name().toLowerCase());
        row.put("id", s.id());
        row.put("name", s.name());
        row.put("provider", s.provider());
        row.put("providerVersion", s.providerVersion());
        row.put("state", s.state().name());
        row.put("step", s.step());
        row.put("index", s.index());
        row.put("indexMax", s.indexMax());
        row.put("started", s.started().map(Instant::toString).orElse(null));
        row.put("elapsedMillis", s.started().map(t -> Duration.between(t, Instant.now()).toMillis()).orElse(null));
        row.put("errors", s.errors().stream().map(StatusJson::error).map(Object.class::cast).toList());
        row.put("lastRun", s.lastRun().map(r -> {
            Map<String, Object> run = new LinkedHashMap<>(status(r.status()));
            run.put("started", r.started().toString());
            run.put("durationMillis", r.duration().toMillis());
            return run;
        }).orElse(null));
        row.put("lastSuccess", s.lastSuccess().map(Instant::toString).orElse(null));
        return row;
    }

    private static Map<String, Object> error(TaskError e) {
        Map<String, Object> error = new LinkedHashMap<>(status(e.status()));
        error.put("text", e.text());
        error.put("at", e.at().toString());
        return error;
    }

    private static Map<String, Object> status(Status status) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", status.name());
        out.put("code", status.hex());
        return out;
    }

    static List<Object> outbox(List<OutboxEntry> entries) {
        return entries.stream().map(e -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", e.id().value());
            row.put("subject", e.subject());
            row.put("recipients", List.copyOf(e.recipients()));
            row.put("state", e.state().name());
            row.put("reason", e.reason());
            row.put("attempts", e.attempts());
            row.put("nextAttempt", e.nextAttempt().map(Instant::toString).orElse(null));
            return (Object) row;
        }).toList();
    }

    static List<Object> problems(List<ProviderProblem> problems) {
        return problems.stream().map(p -> (Object) Map.of("bundle", p.bundle(), "version", p.version(),
                "problem", p.problem())).toList();
    }
}
