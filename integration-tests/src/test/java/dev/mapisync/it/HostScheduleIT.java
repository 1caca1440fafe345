package dev.mapisync.it;

import static dev.mapisync.it.HostTesting.end;
import static dev.mapisync.it.HostTesting.status;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import dev.mapisync.api.Status;
import dev.mapisync.api.host.HostEvents;
import dev.mapisync.api.host.SendReceive;
import dev.mapisync.api.host.TaskState;
import dev.mapisync.api.sync.SyncFlag;
import dev.mapisync.it.providers.DefaultIntervalStore;
import dev.mapisync.it.providers.HourlyStore;
import dev.mapisync.it.providers.ScheduledStore;
import dev.mapisync.it.providers.SlowStore;
import dev.mapisync.it.providers.TestHandle;
import dev.mapisync.it.providers.TestStore;
import dev.mapisync.it.providers.WellBehavedStore;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;

/** Scheduled syncs: a store's own interval, the host's default from ConfigAdmin, and on-demand first. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class HostScheduleIT {

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() {
        return options(TestBundles.base(), TestBundles.runtime(), TestBundles.mapisync("api"),
                TestBundles.mapisync("host").noStart(),
                TestBundles.provider("test.store.scheduled", ScheduledStore.class, TestStore.class, TestHandle.class),
                TestBundles.provider("test.store.defaultinterval", DefaultIntervalStore.class, ScheduledStore.class,
                        TestStore.class, TestHandle.class),
                TestBundles.provider("test.store.wellbehaved", WellBehavedStore.class, TestStore.class, TestHandle.class),
                TestBundles.provider("test.store.hourly", HourlyStore.class, TestStore.class, TestHandle.class),
                TestBundles.provider("test.store.slow", SlowStore.class, TestStore.class, TestHandle.class));
    }

    private SendReceive start(long defaultIntervalSeconds) throws Exception {
        return HostTesting.start(context, configurationAdmin, Map.of("maxConcurrentSyncs", 1,
                "defaultIntervalSeconds", defaultIntervalSeconds, "syncTimeoutSeconds", 30L));
    }

    @Test
    public void storesSyncOnTheirOwnIntervalOrTheHostDefault() throws Exception {
        try (HostEventRecorder events = new HostEventRecorder(context)) {
            SendReceive host = start(1);
            assertEquals(Status.SUCCESS, end(events, host, "ScheduledStore", 1));
            assertEquals("the host default of 1 s applies to a store naming none", Status.SUCCESS,
                    end(events, host, "DefaultIntervalStore", 1));
            Event progress = events.of(HostEvents.TOPIC_PROGRESS, "ScheduledStore").get(0);
            String step = (String) progress.getProperty(HostEvents.STEP);
            assertTrue("scheduled syncs go both ways: " + step, step.contains("DOWNLOAD_CONTENTS")
                    && step.contains("UPLOAD_CONTENTS") && step.contains("DOWNLOAD_HIERARCHY"));
            assertFalse("a scheduled sync is not on demand: " + step, step.contains("ON_DEMAND"));
            assertTrue("interval 0 means on demand only",
                    events.of(HostEvents.TOPIC_DONE, "WellBehavedStore").isEmpty());
        }
    }

    @Test
    public void aStoreOnAnIntervalIsSyncedWhenItArrives() throws Exception {
        try (HostEventRecorder events = new HostEventRecorder(context)) {
            SendReceive host = start(0);
            assertEquals("synced on arrival, not an hour later", Status.SUCCESS, end(events, host, "HourlyStore", 0));
        }
    }

    @Test
    public void onDemandRequestsJumpTheQueue() throws Exception {
        try (HostEventRecorder events = new HostEventRecorder(context)) {
            SendReceive host = start(0);
            host.sync("SlowStore", EnumSet.of(SyncFlag.DOWNLOAD_CONTENTS));
            Await.until("SlowStore holds the only slot", () -> status(host, "SlowStore").state() == TaskState.RUNNING,
                    host::status);
            Await.until("ScheduledStore's scheduled sync waits", () -> status(host, "ScheduledStore").state()
                    == TaskState.QUEUED, host::status);
            host.sync("WellBehavedStore", EnumSet.of(SyncFlag.DOWNLOAD_CONTENTS));
            // ScheduledStore already ended once, on arrival: wait for the three runs after SlowStore took the slot.
            Await.until("three syncs ended after SlowStore took the slot", () -> doneSinceSlowStore(events).size() >= 3,
                    () -> doneSinceSlowStore(events));
            List<String> order = doneSinceSlowStore(events);
            assertEquals("the on-demand request, queued later, ran first: " + order, List.of("SlowStore",
                    "WellBehavedStore", "ScheduledStore"), order.subList(0, 3));
        }
    }

    /** Stores whose sync ended, in order, from SlowStore's on; stores on an interval also ran once on arrival, before. */
    private static List<String> doneSinceSlowStore(HostEventRecorder events) {
        return events.all().stream().filter(e -> e.getTopic().equals(HostEvents.TOPIC_DONE))
                .map(e -> (String) e.getProperty(HostEvents.STORE_ID))
                .dropWhile(id -> !id.equals("SlowStore")).filter(id -> !id.equals("HourlyStore")).toList();
    }
}
