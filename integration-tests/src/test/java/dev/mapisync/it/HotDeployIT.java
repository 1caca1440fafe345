package dev.mapisync.it;

import static dev.mapisync.it.HostTesting.end;
import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import dev.mapisync.api.Status;
import dev.mapisync.api.host.SendReceive;
import dev.mapisync.api.sync.SyncFlag;
import dev.mapisync.api.host.TaskState;
import dev.mapisync.it.providers.SlowStore;
import dev.mapisync.it.providers.TestHandle;
import dev.mapisync.it.providers.TestStore;
import dev.mapisync.it.providers.WellBehavedStore;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumSet;
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

/**
 * The deploy folder, watched by Apache FileInstall as in the runnable host: a provider jar
 * dropped there is installed, started and synced; replaced by a newer version it is updated in
 * place; removed, it is uninstalled (its running sync cancelled) and its stores leave the host.
 * No restart anywhere.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotDeployIT {

    private static final String DEPLOY = "mapisync.test.deploy";
    private static final String STAGING = "mapisync.test.staging";

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() throws Exception {
        Path deploy = Files.createTempDirectory("mapisync-deploy");
        Path staging = Files.createTempDirectory("mapisync-staging");
        for (String version : new String[] {"1.0.0", "1.1.0"}) {
            try (InputStream jar = TestBundles.providerJar("test.store.deployed", version, WellBehavedStore.class,
                    SlowStore.class, TestStore.class, TestHandle.class)) {
                Files.copy(jar, staging.resolve("provider-" + version + ".jar"));
            }
        }
        return options(TestBundles.base(), TestBundles.runtime(), TestBundles.mapisync("api"),
                TestBundles.mapisync("host").noStart(),
                systemProperty("felix.fileinstall.dir").value(deploy.toString()),
                systemProperty("felix.fileinstall.poll").value("200"),
                systemProperty("felix.fileinstall.noInitialDelay").value("true"),
                systemProperty(DEPLOY).value(deploy.toString()),
                systemProperty(STAGING).value(staging.toString()),
                TestBundles.mapisync("fileinstall"));
    }

    @Test
    public void aDroppedProviderIsSyncedUpdatedInPlaceAndRemoved() throws Exception {
        SendReceive host = HostTesting.start(context, configurationAdmin, Map.of("defaultIntervalSeconds", 0L));
        Path deploy = Path.of(System.getProperty(DEPLOY));
        Path staging = Path.of(System.getProperty(STAGING));
        Path dropped = deploy.resolve("provider.jar");

        Files.copy(staging.resolve("provider-1.0.0.jar"), dropped);
        Await.until("the dropped provider's stores are discovered", () -> host.status().size() == 2, host::status);
        assertEquals("1.0.0", HostTesting.status(host, "WellBehavedStore").providerVersion());
        try (HostEventRecorder events = new HostEventRecorder(context)) {
            host.sync("WellBehavedStore", EnumSet.of(SyncFlag.DOWNLOAD_CONTENTS));
            assertEquals(Status.SUCCESS, end(events, host, "WellBehavedStore", 0));
        }

        Path next = deploy.resolve("provider.jar.tmp");
        Files.copy(staging.resolve("provider-1.1.0.jar"), next);
        Files.move(next, dropped, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Await.until("the stores are served by the new version", () -> host.status().size() == 2
                && host.status().stream().allMatch(s -> "1.1.0".equals(s.providerVersion())), host::status);
        assertEquals("updated in place: one bundle", 1, java.util.Arrays.stream(context.getBundles())
                .filter(b -> "test.store.deployed".equals(b.getSymbolicName())).count());

        try (HostEventRecorder events = new HostEventRecorder(context)) {
            host.sync("SlowStore", EnumSet.of(SyncFlag.DOWNLOAD_CONTENTS));
            Await.until("a sync runs", () -> host.status().stream().anyMatch(s -> s.id().equals("SlowStore")
                    && s.state() == TaskState.RUNNING && s.index() > 0), host::status);
            Files.delete(dropped);
            assertEquals("removing the jar cancels the running sync", Status.CANCELLED, end(events, host, "SlowStore", 0));
        }
        Await.until("the removed provider's store leaves the host", () -> host.status().isEmpty(), host::status);
        // FileInstall stops the bundle (its stores leave) and then uninstalls it: wait for the second step too.
        Await.until("the removed provider is uninstalled", () -> java.util.Arrays.stream(context.getBundles())
                .noneMatch(b -> "test.store.deployed".equals(b.getSymbolicName())), () -> java.util.Arrays.toString(
                        context.getBundles()));
        assertEquals("uninstalled", 0, java.util.Arrays.stream(context.getBundles())
                .filter(b -> "test.store.deployed".equals(b.getSymbolicName())).count());
    }
}
