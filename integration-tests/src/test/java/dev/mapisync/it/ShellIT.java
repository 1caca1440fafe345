package dev.mapisync.it;

import static dev.mapisync.it.HostTesting.end;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import dev.mapisync.api.Status;
import dev.mapisync.api.host.SendReceive;
import dev.mapisync.it.providers.TestHandle;
import dev.mapisync.it.providers.TestStore;
import dev.mapisync.it.providers.ThrowingStore;
import dev.mapisync.it.providers.WellBehavedStore;
import java.util.Map;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/** The mapisync Gogo commands, run through a real Gogo command processor. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellIT {

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() {
        return options(TestBundles.base(), TestBundles.runtime(), TestBundles.mapisync("gogo.runtime"),
                TestBundles.mapisync("api"), TestBundles.mapisync("host").noStart(), TestBundles.mapisync("shell"),
                TestBundles.provider("test.store.wellbehaved", WellBehavedStore.class, TestStore.class, TestHandle.class),
                TestBundles.provider("test.store.throwing", ThrowingStore.class, TestStore.class, TestHandle.class));
    }

    private String run(String command) throws Exception {
        return Gogo.run(context, command.substring("mapisync:".length()).split(" ")[0], command);
    }

    @Test
    public void listsSyncsAndShowsStatusWithErrors() throws Exception {
        SendReceive host = HostTesting.start(context, configurationAdmin, Map.of("defaultIntervalSeconds", 0L));
        Await.until("both stores are discovered", () -> host.status().size() == 2, host::status);
        String stores = run("mapisync:stores");
        assertTrue(stores, stores.contains("WellBehavedStore") && stores.contains("test.store.wellbehaved 1.0.0")
                && stores.contains("never"));

        try (HostEventRecorder events = new HostEventRecorder(context)) {
            // Not a terminal: the command follows the sync in plain lines and ends with how it went.
            String followed = run("mapisync:sync --headers-only WellBehavedStore");
            assertTrue(followed, followed.contains("sync of WellBehavedStore started") && followed.contains("HEADERS_ONLY"));
            assertTrue(followed, followed.contains("WellBehavedStore: SUCCESS in "));
            assertEquals(Status.SUCCESS, end(events, host, "WellBehavedStore", 0));
            String failed = run("mapisync:sync ThrowingStore");
            assertTrue(failed, failed.contains("ThrowingStore: PROVIDER_FAULT in ")
                    && failed.contains("  PROVIDER_FAULT 0x80004005: synchronizeInBackground threw"));
            assertEquals(Status.PROVIDER_FAULT, end(events, host, "ThrowingStore", 0));
            String bars = run("mapisync:sync --bars WellBehavedStore");
            assertTrue(bars, bars.contains("WellBehavedStore     [") && bars.contains("\033[K") && bars.contains("SUCCESS in"));
            String detached = run("mapisync:sync --detach WellBehavedStore");
            assertTrue(detached, detached.startsWith("sync of WellBehavedStore started") && !detached.contains("SUCCESS in"));
            end(events, host, "WellBehavedStore", 2);
        }
        String status = run("mapisync:status");
        assertTrue(status, status.startsWith("2 stores, 0 transports: 1 succeeded, 1 failed\n"));
        assertTrue(status, status.contains("WellBehavedStore") && status.contains("SUCCESS"));
        String onlyFailed = run("mapisync:status --only failed");
        assertTrue(onlyFailed, onlyFailed.contains("ThrowingStore") && !onlyFailed.contains("WellBehavedStore"));
        String byText = run("mapisync:status wellbehaved");
        assertTrue(byText, byText.contains("WellBehavedStore") && !byText.contains("ThrowingStore"));
        Exception badStanding = assertThrows(Exception.class, () -> run("mapisync:status --only broken"));
        assertTrue(badStanding.getMessage(), badStanding.getMessage().contains("no standing 'broken'"));
        assertTrue(status, status.contains("ThrowingStore: PROVIDER_FAULT 0x80004005: synchronizeInBackground threw "
                + "IllegalStateException: boom: the provider has a bug"));
        assertTrue(run("mapisync:transports").contains("no transport is running"));

        Exception unknown = assertThrows(Exception.class, () -> run("mapisync:sync NoSuchStore"));
        assertTrue(unknown.getMessage(), unknown.getMessage().contains("\"NoSuchStore\""));
        Exception badOption = assertThrows(Exception.class, () -> run("mapisync:sync --everything"));
        assertTrue(badOption.getMessage(), badOption.getMessage().contains("unknown option --everything"));
    }
}
