package dev.mapisync.it;

import static dev.mapisync.it.HostTesting.end;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.streamBundle;

import dev.mapisync.api.Status;
import dev.mapisync.api.host.ProviderProblem;
import dev.mapisync.api.host.SendReceive;
import dev.mapisync.api.sync.SyncFlag;
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
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.tinybundles.TinyBundles;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * A provider built against another major version of the API does not resolve; the host names
 * the package and version range it lacks, and runs everything else.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ProviderProblemIT {

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() {
        return options(TestBundles.base(), TestBundles.runtime(), TestBundles.mapisync("api"),
                TestBundles.mapisync("host").noStart(),
                TestBundles.provider("test.store.wellbehaved", WellBehavedStore.class, TestStore.class, TestHandle.class),
                streamBundle(TinyBundles.bundle()
                        .setHeader("Bundle-ManifestVersion", "2")
                        .setHeader("Bundle-SymbolicName", "test.store.fromthefuture")
                        .setHeader("Bundle-Version", "3.0.0")
                        .setHeader("Import-Package", "dev.mapisync.api.sync;version=\"[2.0,3)\"")
                        .build(TinyBundles.rawBuilder())).start(false));
    }

    @Test
    public void theMissingPackageAndRangeAreNamedAndTheRestRuns() throws Exception {
        SendReceive host = HostTesting.start(context, configurationAdmin, Map.of("defaultIntervalSeconds", 0L));
        Bundle future = HostTesting.bundle(context, "test.store.fromthefuture");
        try {
            future.start();
        } catch (org.osgi.framework.BundleException expected) {
            // It cannot resolve: that is the point.
        }
        assertEquals(Bundle.INSTALLED, future.getState());
        List<ProviderProblem> problems = host.providerProblems();
        assertEquals(problems.toString(), 1, problems.size());
        ProviderProblem problem = problems.get(0);
        assertEquals("test.store.fromthefuture", problem.bundle());
        assertEquals("3.0.0", problem.version());
        assertTrue(problem.problem(), problem.problem().contains("dev.mapisync.api.sync in versions [2.0.0,3.0.0)")
                && problem.problem().contains("this host offers version 1.0.0"));

        try (HostEventRecorder events = new HostEventRecorder(context)) {
            Await.until("the other store is there", () -> host.status().size() == 1, host::status);
            host.sync("WellBehavedStore", EnumSet.of(SyncFlag.DOWNLOAD_CONTENTS));
            assertEquals("everything else runs", Status.SUCCESS, end(events, host, "WellBehavedStore", 0));
        }
    }
}
