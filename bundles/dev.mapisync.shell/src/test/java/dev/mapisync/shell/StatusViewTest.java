package dev.mapisync.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapisync.api.Status;
import dev.mapisync.api.host.RunSummary;
import dev.mapisync.api.host.TaskState;
import dev.mapisync.api.host.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusViewTest {

    private static TaskStatus task(TaskStatus.Kind kind, String id, TaskState state, Status last) {
        return new TaskStatus(kind, id, "account " + id, "dev.mapisync.store.imap", "1.2.0", state, "", 0, 0,
                Optional.empty(), List.of(), Optional.ofNullable(last).map(s -> new RunSummary(s, Instant.now(),
                        Duration.ofMillis(5))), Optional.empty());
    }

    /** 1,000 stores in every standing and one transport: what an operator of a big host sees first. */
    private static List<TaskStatus> host() {
        List<TaskStatus> tasks = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            TaskState state = i < 3 ? TaskState.RUNNING : i < 5 ? TaskState.QUEUED : TaskState.IDLE;
            Status last = i == 5 ? null : i < 8 ? Status.NETWORK : i == 8 ? Status.PARTIAL : i == 9 ? Status.CANCELLED
                    : Status.SUCCESS;
            tasks.add(task(TaskStatus.Kind.STORE, "imap:user" + i, state, last));
        }
        tasks.add(task(TaskStatus.Kind.TRANSPORT, "smtp:out", TaskState.IDLE, null));
        return tasks;
    }

    @Test
    void theSummaryCountsEveryTaskByWhereItStands() {
        assertEquals("1000 stores, 1 transport: 3 running, 2 queued, 990 succeeded, 1 partial, 1 cancelled, 2 failed, "
                + "2 never run", StatusView.summary(host()));
        assertEquals("0 stores, 0 transports", StatusView.summary(List.of()));
    }

    @Test
    void aStandingAndATextPickTheRows() {
        assertEquals(List.of("imap:user6", "imap:user7"),
                StatusView.parse("--only", "FAILED").pick(host()).stream().map(TaskStatus::id).toList());
        assertEquals(List.of("imap:user3", "imap:user4"),
                StatusView.parse("--only", "queued").pick(host()).stream().map(TaskStatus::id).toList());
        assertEquals(List.of(), StatusView.parse("--only", "running", "user9").pick(host()), "running, but not user9");
        assertEquals(11, StatusView.parse("user10").pick(host()).size(), "user10 and user100 to user109, by id");
        assertEquals(1, StatusView.parse("--only", "never", "out").pick(host()).size(), "the transport, by its name");
        assertEquals(1_001, StatusView.parse().pick(host()).size());
    }

    @Test
    void badArgumentsAreNamed() {
        var unknown = assertThrows(IllegalArgumentException.class, () -> StatusView.parse("--only", "broken"));
        assertTrue(unknown.getMessage().contains("no standing 'broken'"), unknown.getMessage());
        var missing = assertThrows(IllegalArgumentException.class, () -> StatusView.parse("--only"));
        assertTrue(missing.getMessage().contains("--only needs a standing"), missing.getMessage());
        var option = assertThrows(IllegalArgumentException.class, () -> StatusView.parse("--failed"));
        assertTrue(option.getMessage().contains("unknown option --failed"), option.getMessage());
        var two = assertThrows(IllegalArgumentException.class, () -> StatusView.parse("a", "b"));
        assertTrue(two.getMessage().contains("[a, b]"), two.getMessage());
    }
}
