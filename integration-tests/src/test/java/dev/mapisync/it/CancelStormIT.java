package dev.mapisync.it;

import static dev.mapisync.it.HostTesting.bundle;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import dev.mapisync.api.host.SendReceive;
import dev.mapisync.api.host.TaskState;
import dev.mapisync.api.host.TaskStatus;
import dev.mapisync.api.sync.SyncFlag;
import dev.mapisync.it.providers.SlowCancelHandle;
import dev.mapisync.it.providers.SlowCancelStore;
import dev.mapisync.it.providers.SlowCancelStores;
import dev.mapisync.it.providers.TestHandle;
import dev.mapisync.it.providers.TestStore;
import dev.mapisync.it.providers.WellBehavedStore;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

/**
 * Twenty cancels that their provider is slow to answer (20 s each, as against a server gone
 * silent) do not hold up another store: its sync starts and ends as if they were not there.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CancelStormIT {

    private static final Set<SyncFlag> DOWNLOAD = EnumSet.of(SyncFlag.DOWNLOAD_HIERARCHY, SyncFlag.DOWNLOAD_CONTENTS);

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() {
        return options(TestBundles.base(), TestBundles.runtime(), TestBundles.mapisync("api"),
                TestBundles.mapisync("host").noStart(),
                TestBundles.provider("test.store.wellbehaved", WellBehavedStore.class, TestStore.class, TestHandle.class),
                TestBundles.provider("test.store.slowcancel", SlowCancelStores.class, SlowCancelStore.class,
                        SlowCancelHandle.class, TestStore.class));
    }

    @Test
    public void slowCancelsDoNotHoldUpAnotherStoresSync() throws Exception {
        SendReceive host = HostTesting.start(context, configurationAdmin, Map.of("maxConcurrentSyncs", 32,
                "defaultIntervalSeconds", 0L, "syncTimeoutSeconds", 120L));
        Await.until("every store is known", () -> host.status().size() == SlowCancelStores.COUNT + 1, host::status);
        for (int i = 0; i < SlowCancelStores.COUNT; i++) {
            host.sync("SlowCancel" + i, DOWNLOAD);
        }
        Await.until("all twenty run", () -> host.status().stream().filter(s -> s.id().startsWith("SlowCancel"))
                .allMatch(s -> s.state() == TaskState.RUNNING), host::status);
        for (int i = 0; i < SlowCancelStores.COUNT; i++) {
            assertTrue(host.cancel("SlowCancel" + i));
        }
        host.sync("WellBehavedStore", DOWNLOAD);
        // Well within the 20 s the cancels hold their threads: the start does not wait behind them.
        Await.until("the other store's sync ends while the cancels are still under way", Duration.ofSeconds(10),
                () -> status(host, "WellBehavedStore").flatMap(TaskStatus::lastRun).isPresent(), host::status);
        assertEquals("SUCCESS", status(host, "WellBehavedStore").flatMap(TaskStatus::lastRun).orElseThrow().status().name());
        assertTrue("the slow cancels are still under way", host.status().stream()
                .filter(s -> s.id().startsWith("SlowCancel")).anyMatch(s -> s.state() == TaskState.RUNNING));
        assertEquals(bundle(context, "dev.mapisync.host").getState(), org.osgi.framework.Bundle.ACTIVE);
    }

    private static Optional<TaskStatus> status(SendReceive host, String id) {
        return host.status().stream().filter(s -> s.id().equals(id)).findFirst();
    }
}
