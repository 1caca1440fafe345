package dev.mapisync.it;

import static dev.mapisync.it.HostTesting.end;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import dev.mapisync.api.Status;
import dev.mapisync.api.host.SendReceive;
import dev.mapisync.api.host.TaskState;
import dev.mapisync.api.sync.SyncFlag;
import dev.mapisync.it.providers.BallastStore;
import dev.mapisync.it.providers.SlowStore;
import dev.mapisync.it.providers.TestHandle;
import dev.mapisync.it.providers.TestStore;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * No leaks: a provider installed, started, synced, stopped and uninstalled 200 times while
 * another store keeps syncing leaves no classes, heap, threads or services behind; every class
 * loader it had is collected.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ProviderCyclesIT {

    private static final String JAR = "mapisync.test.cycled.jar";
    private static final String CYCLED = "test.store.cycled";
    private static final int WARM_UP = 20;
    private static final int CYCLES = 200;

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() throws Exception {
        Path jar = Files.createTempFile("mapisync-cycled", ".jar");
        try (InputStream in = TestBundles.providerJar(CYCLED, "1.0.0", BallastStore.class, TestStore.class, TestHandle.class)) {
            Files.copy(in, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return options(TestBundles.base(), TestBundles.runtime(), TestBundles.mapisync("api"),
                TestBundles.mapisync("host").noStart(),
                TestBundles.provider("test.store.background", SlowStore.class, TestStore.class, TestHandle.class),
                systemProperty(JAR).value(jar.toString()));
    }

    @Test
    public void twoHundredCyclesLeaveNothingBehind() throws Exception {
        SendReceive host = HostTesting.start(context, configurationAdmin, Map.of("defaultIntervalSeconds", 0L));
        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        for (int i = 0; i < WARM_UP; i++) {
            cycle(host, i, loaders);
        }
        Footprint before = Footprint.measure(context);
        for (int i = WARM_UP; i < WARM_UP + CYCLES; i++) {
            cycle(host, i, loaders);
        }
        Await.until("the background store's sync ends", () -> host.status().stream()
                .allMatch(s -> s.state() != TaskState.RUNNING && s.state() != TaskState.QUEUED), host::status);
        Footprint after = Footprint.measure(context);
        System.out.printf("ProviderCyclesIT: %d cycles: loaded classes %d -> %d, heap after GC %d -> %d bytes%n", CYCLES,
                before.classes(), after.classes(), before.heap(), after.heap());

        assertTrue("loaded classes flat within 5%: " + before + " -> " + after,
                after.classes() <= before.classes() * 1.05);
        assertTrue("heap after GC flat within 5%: " + before + " -> " + after, after.heap() <= before.heap() * 1.05);
        assertTrue("no thread left behind: " + before.threads() + " -> " + after.threads(),
                before.threads().containsAll(after.threads()));
        assertEquals("no service left behind", before.services(), after.services());
        assertEquals("every class loader of the cycled provider is collected", 0,
                loaders.stream().filter(l -> l.get() != null).count());
    }

    /** Install, start, let the host find and sync its store, stop, uninstall, refresh. */
    private void cycle(SendReceive host, int n, List<WeakReference<ClassLoader>> loaders) throws Exception {
        // Ongoing Send/Receive: the background store is asked again every cycle (merged while it runs).
        host.sync("SlowStore", EnumSet.of(SyncFlag.DOWNLOAD_CONTENTS));
        Bundle bundle;
        try (InputStream in = Files.newInputStream(Path.of(System.getProperty(JAR)))) {
            bundle = context.installBundle("cycled:" + n, in);
        }
        bundle.start();
        loaders.add(new WeakReference<>(bundle.adapt(BundleWiring.class).getClassLoader()));
        Await.until("cycle " + n + ": the store arrives", () -> host.status().stream()
                .anyMatch(s -> s.id().equals("BallastStore")), host::status);
        // A recorder per cycle: the test itself keeps no growing record.
        try (HostEventRecorder events = new HostEventRecorder(context)) {
            host.sync("BallastStore", EnumSet.of(SyncFlag.DOWNLOAD_CONTENTS));
            assertEquals(Status.SUCCESS, end(events, host, "BallastStore", 0));
        }
        bundle.stop();
        bundle.uninstall();
        refresh();
        Await.until("cycle " + n + ": the store leaves", () -> host.status().stream()
                .noneMatch(s -> s.id().equals("BallastStore")), host::status);
    }

    private void refresh() throws InterruptedException {
        CountDownLatch refreshed = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(null, event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            }
        });
        assertTrue("packages refreshed", refreshed.await(10, TimeUnit.SECONDS));
    }

    /** What a leak would grow, read after garbage collection has settled. */
    private record Footprint(int classes, long heap, Set<String> threads, int services) {

        static Footprint measure(BundleContext context) throws Exception {
            long heap = settledHeap();
            Set<String> threads = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                    // Pool threads come and go by name; what matters is which kinds exist.
                    .map(t -> t.getName().replaceAll("-?\\d+$", "")).collect(Collectors.toSet());
            ServiceReference<?>[] services = context.getAllServiceReferences(null, null);
            return new Footprint(ManagementFactory.getClassLoadingMXBean().getLoadedClassCount(), heap, threads,
                    services == null ? 0 : services.length);
        }

        /** Collects until two readings agree within 1% (at most ten rounds). */
        private static long settledHeap() throws InterruptedException {
            long previous = Long.MAX_VALUE;
            for (int round = 0; round < 10; round++) {
                System.gc();
                long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                if (Math.abs(previous - used) <= used / 100) {
                    return used;
                }
                previous = used;
                Thread.sleep(50);
            }
            return previous;
        }
    }
}
