package dev.mapisync.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import dev.mapisync.api.Status;
import dev.mapisync.api.host.HostEvents;
import dev.mapisync.api.host.SendReceive;
import dev.mapisync.api.host.TaskState;
import dev.mapisync.api.host.TaskStatus;
import dev.mapisync.api.sync.SyncFlag;
import dev.mapisync.it.providers.DoubleDoneStore;
import dev.mapisync.it.providers.SilentStore;
import dev.mapisync.it.providers.SlowStore;
import dev.mapisync.it.providers.SlowStoreB;
import dev.mapisync.it.providers.SlowStoreC;
import dev.mapisync.it.providers.TestHandle;
import dev.mapisync.it.providers.TestStore;
import dev.mapisync.it.providers.ThrowingStore;
import dev.mapisync.it.providers.ThrowingTaskStore;
import dev.mapisync.it.providers.WellBehavedStore;
import java.util.Dictionary;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration.ConfigurationAttribute;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The host in Felix with test providers built by the test: discovery, on-demand syncs, the
 * callback guard (throwing, silent, double-done providers), bounded concurrency, coalescing,
 * cancel, status and events.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HostSyncIT {

    static final Set<SyncFlag> DOWNLOAD = EnumSet.of(SyncFlag.DOWNLOAD_CONTENTS);

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    private HostEventRecorder events;
    private SendReceive host;

    @Configuration
    public Option[] config() {
        return options(TestBundles.base(), TestBundles.runtime(), TestBundles.mapisync("api"),
                TestBundles.mapisync("host").noStart(),
                TestBundles.provider("test.store.wellbehaved", WellBehavedStore.class, TestStore.class, TestHandle.class),
                TestBundles.provider("test.store.slow", SlowStore.class, TestStore.class, TestHandle.class),
                TestBundles.provider("test.store.slow.b", SlowStoreB.class, SlowStore.class, TestStore.class, TestHandle.class),
                TestBundles.provider("test.store.slow.c", SlowStoreC.class, SlowStore.class, TestStore.class, TestHandle.class),
                TestBundles.provider("test.store.throwing", ThrowingStore.class, TestStore.class, TestHandle.class),
                TestBundles.provider("test.store.throwingtask", ThrowingTaskStore.class, TestStore.class, TestHandle.class),
                TestBundles.provider("test.store.silent", SilentStore.class, TestStore.class, TestHandle.class),
                TestBundles.provider("test.store.doubledone", DoubleDoneStore.class, TestStore.class, TestHandle.class));
    }

    @Before
    public void startHost() throws Exception {
        events = new HostEventRecorder(context);
        org.osgi.service.cm.Configuration configuration = configurationAdmin.getConfiguration("dev.mapisync.host", "?");
        if (configuration.getProperties() == null) {
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put("maxConcurrentSyncs", 2);
            properties.put("syncTimeoutSeconds", 4L);
            properties.put("defaultIntervalSeconds", 0L);
            configuration.update(properties);
            assertFalse(configuration.getAttributes().contains(ConfigurationAttribute.READ_ONLY));
        }
        Bundle hostBundle = bundle("dev.mapisync.host");
        if (hostBundle.getState() != Bundle.ACTIVE) {
            hostBundle.start();
        }
        ServiceTracker<SendReceive, SendReceive> tracker = new ServiceTracker<>(context, SendReceive.class, null);
        tracker.open();
        host = tracker.waitForService(10_000);
        assertNotNull("the host offers SendReceive", host);
        Await.until("the host discovered the eight test stores", () -> host.status().size() == 8, () -> host.status());
        for (TaskStatus store : host.status()) {
            Await.until(store.id() + " is idle", () -> status(store.id()).state() == TaskState.IDLE,
                    () -> status(store.id()));
        }
    }

    @After
    public void stopRecording() {
        events.close();
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }

    private TaskStatus status(String id) {
        return host.status().stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no status for " + id + " in " + host.status()));
    }

    private Status waitForEnd(String id, int runsBefore) {
        Await.until(id + " ends a sync", () -> events.of(HostEvents.TOPIC_DONE, id).size() > runsBefore,
                () -> status(id));
        Event done = events.of(HostEvents.TOPIC_DONE, id).get(runsBefore);
        return Status.valueOf((String) done.getProperty(HostEvents.STATUS));
    }

    @Test
    public void discoversEveryStoreWithItsProvider() {
        TaskStatus slow = status("SlowStore");
        assertEquals(TaskStatus.Kind.STORE, slow.kind());
        assertEquals("test.store.slow", slow.provider());
        assertEquals("1.0.0", slow.providerVersion());
        assertEquals("SlowStore (test)", slow.name());
    }

    @Test
    public void aWellBehavedSyncReportsProgressAndSucceeds() {
        host.sync("WellBehavedStore", DOWNLOAD);
        assertEquals(Status.SUCCESS, waitForEnd("WellBehavedStore", 0));
        TaskStatus status = status("WellBehavedStore");
        assertEquals(Status.SUCCESS, status.lastRun().orElseThrow().status());
        assertTrue(status.lastSuccess().isPresent());
        assertTrue(status.errors().isEmpty());
        List<Event> progress = events.of(HostEvents.TOPIC_PROGRESS, "WellBehavedStore");
        assertFalse("progress events were posted", progress.isEmpty());
        Event first = progress.get(0);
        assertEquals("Inbox: 0 of 3", first.getProperty(HostEvents.STEP));
        assertEquals(3L, first.getProperty(HostEvents.INDEX_MAX));
        Event done = events.of(HostEvents.TOPIC_DONE, "WellBehavedStore").get(0);
        assertEquals(0, done.getProperty(HostEvents.STATUS_CODE));
        assertEquals("test.store.wellbehaved 1.0.0", done.getProperty(HostEvents.PROVIDER));
        assertNotNull(done.getProperty(HostEvents.DURATION_MILLIS));
    }

    @Test
    public void aThrowingProviderEndsAsProviderFaultWithItsText() {
        host.sync("ThrowingStore", DOWNLOAD);
        assertEquals(Status.PROVIDER_FAULT, waitForEnd("ThrowingStore", 0));
        TaskStatus status = status("ThrowingStore");
        assertTrue(status.errors().toString(), status.errors().stream()
                .anyMatch(e -> e.status() == Status.PROVIDER_FAULT && e.text().contains("boom: the provider has a bug")));
        Event error = events.of(HostEvents.TOPIC_ERROR, "ThrowingStore").get(0);
        assertTrue(((String) error.getProperty(HostEvents.TEXT)).contains("IllegalStateException"));
    }

    @Test
    public void aThrowingSyncTaskEndsAsProviderFault() {
        host.sync("ThrowingTaskStore", DOWNLOAD);
        assertEquals(Status.PROVIDER_FAULT, waitForEnd("ThrowingTaskStore", 0));
        assertTrue(status("ThrowingTaskStore").errors().stream()
                .anyMatch(e -> e.text().contains("/ by zero in the provider's task")));
    }

    @Test
    public void aSyncThatNeverCallsDoneTimesOutAndOthersGoOn() {
        host.sync("SilentStore", DOWNLOAD);
        host.sync("WellBehavedStore", DOWNLOAD);
        assertEquals("others are not held up", Status.SUCCESS, waitForEnd("WellBehavedStore", 0));
        assertEquals(Status.TIMEOUT, waitForEnd("SilentStore", 0));
        assertTrue(status("SilentStore").errors().stream().anyMatch(e -> e.text().contains("no done within 4 s")));
        assertEquals(TaskState.IDLE, status("SilentStore").state());
    }

    @Test
    public void aSecondDoneAndEverythingAfterTheFirstAreIgnored() {
        host.sync("DoubleDoneStore", DOWNLOAD);
        assertEquals(Status.SUCCESS, waitForEnd("DoubleDoneStore", 0));
        // Give any wrongly counted second end a chance to show: the next sync's end is ordered after it.
        host.sync("WellBehavedStore", DOWNLOAD);
        waitForEnd("WellBehavedStore", 0);
        assertEquals(1, events.of(HostEvents.TOPIC_DONE, "DoubleDoneStore").size());
        assertTrue(events.of(HostEvents.TOPIC_ERROR, "DoubleDoneStore").isEmpty());
        assertEquals(Status.SUCCESS, status("DoubleDoneStore").lastRun().orElseThrow().status());
        assertTrue(status("DoubleDoneStore").errors().isEmpty());
    }

    @Test
    public void requestsWhileRunningCoalesceIntoOneFollowUp() {
        host.sync("SlowStore", DOWNLOAD);
        Await.until("SlowStore runs", () -> status("SlowStore").state() == TaskState.RUNNING, () -> status("SlowStore"));
        for (int i = 0; i < 5; i++) {
            host.sync("SlowStore", EnumSet.of(SyncFlag.DOWNLOAD_CONTENTS, SyncFlag.HEADERS_ONLY));
        }
        assertEquals(Status.SUCCESS, waitForEnd("SlowStore", 0));
        assertEquals(Status.SUCCESS, waitForEnd("SlowStore", 1));
        List<Event> progress = events.of(HostEvents.TOPIC_PROGRESS, "SlowStore");
        String lastStep = (String) progress.get(progress.size() - 1).getProperty(HostEvents.STEP);
        assertTrue("the follow-up carries the merged flags: " + lastStep, lastStep.contains("(headers"));
        assertTrue("never two runs of one store at once: " + lastStep, lastStep.contains("at most 1 at once"));
        Await.until("SlowStore is idle", () -> status("SlowStore").state() == TaskState.IDLE, () -> status("SlowStore"));
        assertEquals("five requests during a run make one follow-up run", 2,
                events.of(HostEvents.TOPIC_DONE, "SlowStore").size());
    }

    @Test
    public void atMostTheConfiguredNumberOfSyncsRunAtOnce() {
        host.sync("SlowStore", DOWNLOAD);
        host.sync("SlowStoreB", DOWNLOAD);
        host.sync("SlowStoreC", DOWNLOAD);
        AtomicInteger mostRunning = new AtomicInteger();
        AtomicInteger sawQueued = new AtomicInteger();
        Await.until("all three slow stores ended", () -> {
            List<TaskStatus> rows = host.status();
            mostRunning.accumulateAndGet((int) rows.stream().filter(r -> r.state() == TaskState.RUNNING).count(), Math::max);
            sawQueued.accumulateAndGet((int) rows.stream().filter(r -> r.state() == TaskState.QUEUED).count(), Math::max);
            return events.of(HostEvents.TOPIC_DONE, "SlowStore").size() == 1
                    && events.of(HostEvents.TOPIC_DONE, "SlowStoreB").size() == 1
                    && events.of(HostEvents.TOPIC_DONE, "SlowStoreC").size() == 1;
        }, () -> host.status());
        assertEquals("maxConcurrentSyncs is 2", 2, mostRunning.get());
        assertEquals("the third waited in the queue", 1, sawQueued.get());
    }

    @Test
    public void aRunningSyncCanBeCancelled() {
        host.sync("SlowStoreB", DOWNLOAD);
        Await.until("SlowStoreB runs", () -> status("SlowStoreB").state() == TaskState.RUNNING,
                () -> status("SlowStoreB"));
        assertTrue(host.cancel("SlowStoreB"));
        assertEquals(Status.CANCELLED, waitForEnd("SlowStoreB", 0));
        assertFalse("nothing left to cancel", host.cancel("SlowStoreB"));
    }

    @Test
    public void badRequestsAreRefusedWithTheCulpritNamed() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> host.sync("NoSuchStore", DOWNLOAD));
        assertTrue(unknown.getMessage(), unknown.getMessage().contains("\"NoSuchStore\""));
        IllegalArgumentException noWork = assertThrows(IllegalArgumentException.class,
                () -> host.sync("WellBehavedStore", EnumSet.of(SyncFlag.HEADERS_ONLY)));
        assertTrue(noWork.getMessage(), noWork.getMessage().contains("name no work"));
        assertThrows(IllegalArgumentException.class, () -> host.cancel("NoSuchStore"));
        assertEquals(Optional.empty(), status("WellBehavedStore").started());
    }
}
