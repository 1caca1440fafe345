package dev.mapisync.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import dev.mapisync.api.Status;
import dev.mapisync.api.sync.SyncFlag;
import java.net.URL;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
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
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;

/** Boots Felix with the API bundle of this build and checks what it exports. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ApiBundleIT {

    /** Every exported package and the version its package-info.java declares. */
    private static final Map<String, String> EXPORTS = Map.of(
            "dev.mapisync.api", "1.0.0",
            "dev.mapisync.api.host", "1.0.0",
            "dev.mapisync.api.message", "1.0.0",
            "dev.mapisync.api.store", "1.1.0",
            "dev.mapisync.api.sync", "1.0.0",
            "dev.mapisync.api.transport", "1.1.0");

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return options(TestBundles.base(), TestBundles.mapisync("api"));
    }

    private Bundle api() {
        for (Bundle bundle : context.getBundles()) {
            if ("dev.mapisync.api".equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("dev.mapisync.api is not installed");
    }

    @Test
    public void resolvesAndStarts() {
        assertEquals(Bundle.ACTIVE, api().getState());
    }

    @Test
    public void exportsEveryPackageAtItsDeclaredVersion() {
        BundleWiring wiring = api().adapt(BundleWiring.class);
        assertNotNull("the API bundle is resolved", wiring);
        Map<String, String> exported = new TreeMap<>();
        for (BundleCapability capability : wiring.getCapabilities(BundleRevision.PACKAGE_NAMESPACE)) {
            Map<String, Object> attributes = capability.getAttributes();
            exported.put((String) attributes.get(BundleRevision.PACKAGE_NAMESPACE),
                    attributes.get("version").toString());
        }
        assertEquals(new TreeMap<>(EXPORTS), exported);
    }

    @Test
    public void holdsNoPrivatePackage() {
        TreeSet<String> packages = new TreeSet<>();
        Enumeration<URL> classes = api().findEntries("/", "*.class", true);
        while (classes.hasMoreElements()) {
            String path = classes.nextElement().getPath();
            packages.add(path.substring(1, path.lastIndexOf('/')).replace('/', '.'));
        }
        assertEquals("every package with classes is exported", new TreeSet<>(EXPORTS.keySet()), packages);
    }

    @Test
    public void needsNothingButTheJdkAndItself() {
        BundleWiring wiring = api().adapt(BundleWiring.class);
        for (BundleRequirement requirement : wiring.getRequirements(BundleRevision.PACKAGE_NAMESPACE)) {
            String filter = requirement.getDirectives().get("filter");
            boolean own = EXPORTS.keySet().stream().anyMatch(p -> filter.contains("(osgi.wiring.package=" + p + ")"));
            assertTrue("unexpected import " + filter, own || filter.contains("(osgi.wiring.package=java."));
        }
    }

    @Test
    public void consumersSeeTheApiBundlesClasses() {
        Bundle owner = FrameworkUtil.getBundle(SyncFlag.class);
        assertNotNull("SyncFlag comes from a bundle, not the class path", owner);
        assertEquals("dev.mapisync.api", owner.getSymbolicName());
        assertEquals(Version.parseVersion("1.0.0"), new Version(EXPORTS.get("dev.mapisync.api.sync")));
        assertEquals(0x20000080, SyncFlag.toMask(SyncFlag.fromMask(0x20000080)));
        assertEquals(Status.LOGON, Status.fromCode(0x80040111));
    }
}
