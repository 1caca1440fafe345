package dev.mapisync.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapisync.api.Identity;
import dev.mapisync.api.Status;
import dev.mapisync.api.host.TaskError;
import dev.mapisync.api.sync.SyncFlag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyncRunTest {

    private final List<String> heard = new ArrayList<>();
    private final RunObserver observer = new RunObserver() {
        @Override
        public void progressed(SyncRun run, boolean newStep) {
            heard.add("progress " + run.step() + " " + run.index() + "/" + run.indexMax());
        }

        @Override
        public void errored(SyncRun run, TaskError error) {
            heard.add("error " + error.status().name() + " " + error.text());
        }

        @Override
        public void ended(SyncRun run, Status status) {
            heard.add("ended " + status.name());
        }
    };

    private final SyncRun run = new SyncRun(
            new StoreTask(null, null, null, new Identity("s1", "Store one"), new Provider("test", "1.0.0"), Duration.ZERO),
            Set.of(SyncFlag.DOWNLOAD_CONTENTS), observer, System.getLogger("test"));

    @Test
    void doneCountsOnceAndNothingAfterItCounts() {
        run.progress("Inbox", 1, 2);
        run.done(Status.SUCCESS);
        run.done(Status.NETWORK);
        run.progress("late", 2, 2);
        run.error(Status.PROTOCOL, "late");
        assertFalse(run.fail(Status.TIMEOUT, "late"));
        assertEquals(List.of("progress Inbox 1/2", "ended SUCCESS"), heard);
    }

    @Test
    void progressNumbersOutsideTheirRangeAreIgnored() {
        run.progress("a", -1, 5);
        run.progress("a", 6, 5);
        run.progress("a", 0, -1);
        run.progress("a", 5, 5);
        run.progress(null, 5, 9);
        assertEquals(List.of("progress a 5/5", "progress a 5/9"), heard);
        assertEquals("a", run.step(), "a null step keeps the step text");
    }

    @Test
    void theHostCanEndARunWithItsOwnStatusAndTheProvidersDoneIsIgnored() {
        assertTrue(run.fail(Status.TIMEOUT, "no done within 1 s"));
        run.done(Status.SUCCESS);
        assertEquals(List.of("error TIMEOUT no done within 1 s", "ended TIMEOUT"), heard);
        assertEquals(Status.TIMEOUT, run.errors().get(0).status());
    }

    @Test
    void doneWithoutStatusIsAProviderFault() {
        run.done(null);
        assertEquals("ended PROVIDER_FAULT", heard.get(heard.size() - 1));
    }

    @Test
    void errorsAreBounded() {
        for (int i = 0; i < SyncRun.MAX_ERRORS + 50; i++) {
            run.error(Status.PROTOCOL, "message " + i);
        }
        List<TaskError> errors = run.errors();
        assertEquals(SyncRun.MAX_ERRORS + 1, errors.size());
        assertEquals("50 more errors not kept", errors.get(errors.size() - 1).text());
    }
}
