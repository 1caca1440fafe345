package dev.mapisync.it;

import static dev.mapisync.it.HostTesting.bundle;
import static dev.mapisync.it.HostTesting.end;
import static dev.mapisync.it.HostTesting.status;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import dev.mapisync.api.Status;
import dev.mapisync.api.host.HostEvents;
import dev.mapisync.api.host.SendReceive;
import dev.mapisync.api.host.TaskState;
import dev.mapisync.api.host.TaskStatus;
import dev.mapisync.api.sync.SyncFlag;
import dev.mapisync.it.providers.SlowStore;
import dev.mapisync.it.providers.TestHandle;
import dev.mapisync.it.providers.TestStore;
import dev.mapisync.it.providers.WellBehavedStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;

/**
 * A provider bundle that goes away mid-sync: the host cancels the sync, records it as
 * cancelled, frees the slot, and picks up a replacement on the next round.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class HostDepartureIT {

    private static final String REPLACEMENT = "mapisync.test.replacement";
    private static final Set<SyncFlag> DOWNLOAD = EnumSet.of(SyncFlag.DOWNLOAD_CONTENTS);

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() throws IOException {
        // Built here, outside the framework, where bnd is; installed by the test when the first version has left.
        Path replacement = Files.createTempFile("test.store.slow-2.0.0", ".jar");
        try (InputStream jar = TestBundles.providerJar("test.store.slow", "2.0.0", SlowStore.class, TestStore.class,
                TestHandle.class)) {
            Files.copy(jar, replacement, StandardCopyOption.REPLACE_EXISTING);
        }
        replacement.toFile().deleteOnExit();
        return options(TestBundles.base(), TestBundles.runtime(), TestBundles.mapisync("api"),
                systemProperty(REPLACEMENT).value(replacement.toUri().toString()),
                TestBundles.mapisync("host").noStart(),
                TestBundles.provider("test.store.wellbehaved", WellBehavedStore.class, TestStore.class, TestHandle.class),
                TestBundles.provider("test.store.slow", SlowStore.class, TestStore.class, TestHandle.class));
    }

    @Test
    public void aStoreUninstalledMidSyncIsCancelledAndReplacedOnTheNextRound() throws Exception {
        // One slot: if the departed sync kept it, nothing else could ever run.
        SendReceive host = HostTesting.start(context, configurationAdmin,
                Map.of("maxConcurrentSyncs", 1, "defaultIntervalSeconds", 0L, "syncTimeoutSeconds", 60L));
        try (HostEventRecorder events = new HostEventRecorder(context)) {
            Await.until("both stores are discovered", () -> host.status().size() == 2, host::status);
            host.sync("SlowStore", DOWNLOAD);
            Await.until("SlowStore runs", () -> status(host, "SlowStore").state() == TaskState.RUNNING, host::status);

            bundle(context, "test.store.slow").uninstall();

            assertEquals(Status.CANCELLED, end(events, host, "SlowStore", 0));
            Event done = events.of(HostEvents.TOPIC_DONE, "SlowStore").get(0);
            assertEquals("test.store.slow 1.0.0", done.getProperty(HostEvents.PROVIDER));
            assertTrue(events.of(HostEvents.TOPIC_ERROR, "SlowStore").get(0).getProperty(HostEvents.TEXT).toString()
                    .contains("went away"));
            Await.until("SlowStore is gone from the status", () -> host.status().size() == 1, host::status);

            host.sync("WellBehavedStore", DOWNLOAD);
            assertEquals("the slot was freed", Status.SUCCESS, end(events, host, "WellBehavedStore", 0));

            Bundle replacement = context.installBundle(System.getProperty(REPLACEMENT));
            replacement.start();
            Await.until("the replacement is discovered", () -> host.status().size() == 2, host::status);
            TaskStatus replaced = status(host, "SlowStore");
            assertEquals("2.0.0", replaced.providerVersion());
            assertEquals("the departed run is on record", Status.CANCELLED, replaced.lastRun().orElseThrow().status());

            host.sync("SlowStore", DOWNLOAD);
            assertEquals(Status.SUCCESS, end(events, host, "SlowStore", 1));
            assertEquals("test.store.slow 2.0.0",
                    events.of(HostEvents.TOPIC_DONE, "SlowStore").get(1).getProperty(HostEvents.PROVIDER));
        }
    }
}
