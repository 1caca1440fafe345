package dev.mapisync.it;

import static dev.mapisync.it.HostTesting.end;
import static dev.mapisync.it.HostTesting.status;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.streamBundle;

import dev.mapisync.api.Status;
import dev.mapisync.api.host.SendReceive;
import dev.mapisync.api.host.TaskState;
import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.sync.SyncFlag;
import dev.mapisync.it.providers.AccountConfig;
import dev.mapisync.it.providers.AccountStore;
import dev.mapisync.it.providers.TestHandle;
import dev.mapisync.it.providers.TestStore;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.Map;
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
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Two versions of one provider bundle, each with its own version of a private dependency,
 * active side by side; an account's configuration names the version that serves it (a targeted
 * factory PID: {@code pid|bundle|version}), and both versions sync at the same time.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SideBySideIT {

    private static final String PROVIDER = "test.account.provider";

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() throws Exception {
        Class<?>[] classes = {AccountStore.class, AccountConfig.class, TestStore.class, TestHandle.class};
        return options(TestBundles.base(), TestBundles.runtime(), TestBundles.mapisync("api"),
                TestBundles.mapisync("host").noStart(),
                streamBundle(TestBundles.providerJar(PROVIDER, "1.0.0",
                        TestBundles.privateLibrary("commons-lang3", System.getProperty("mapisync.commons-lang3.old")),
                        classes)).start(),
                streamBundle(TestBundles.providerJar(PROVIDER, "2.0.0",
                        TestBundles.privateLibrary("commons-lang3", System.getProperty("mapisync.commons-lang3.new")),
                        classes)).start());
    }

    @Test
    public void twoVersionsServeTheAccountsThatNameThemAndSyncAtOnce() throws Exception {
        SendReceive host = HostTesting.start(context, configurationAdmin, Map.of("defaultIntervalSeconds", 0L));
        String oldLibrary = System.getProperty("mapisync.commons-lang3.old");
        String newLibrary = System.getProperty("mapisync.commons-lang3.new");
        assertEquals("both versions are active", 2, java.util.Arrays.stream(context.getBundles())
                .filter(b -> PROVIDER.equals(b.getSymbolicName()) && b.getState() == Bundle.ACTIVE).count());

        account("alpha", "1.0.0");
        account("beta", "2.0.0");
        Await.until("each account is served once, by the version it names",
                () -> host.status().size() == 2, host::status);
        assertEquals("1.0.0", status(host, "alpha").providerVersion());
        assertEquals("2.0.0", status(host, "beta").providerVersion());
        assertTrue(status(host, "alpha").name(), status(host, "alpha").name().contains("commons-lang3 " + oldLibrary));
        assertTrue(status(host, "beta").name(), status(host, "beta").name().contains("commons-lang3 " + newLibrary));
        assertNotSame("the private library is loaded once per version",
                bundleOf("1.0.0").loadClass("org.apache.commons.lang3.StringUtils"),
                bundleOf("2.0.0").loadClass("org.apache.commons.lang3.StringUtils"));

        try (HostEventRecorder events = new HostEventRecorder(context)) {
            host.sync("alpha", EnumSet.of(SyncFlag.DOWNLOAD_CONTENTS));
            host.sync("beta", EnumSet.of(SyncFlag.DOWNLOAD_CONTENTS));
            Await.until("both versions sync at the same time",
                    () -> status(host, "alpha").state() == TaskState.RUNNING
                            && status(host, "beta").state() == TaskState.RUNNING
                            && status(host, "alpha").index() > 0 && status(host, "beta").index() > 0,
                    host::status);
            assertEquals(Status.SUCCESS, end(events, host, "alpha", 0));
            assertEquals(Status.SUCCESS, end(events, host, "beta", 0));
        }

        // An account that names no version is offered to every version: both make a store of it and
        // the host syncs only the first (and logs the second), so name a version while several run.
        Hashtable<String, Object> gamma = new Hashtable<>(Map.of("account", "gamma"));
        configurationAdmin.getFactoryConfiguration(AccountConfig.PID, "gamma", "?").update(gamma);
        Await.until("both versions serve the untargeted account", () -> storesOf("gamma") == 2, host::status);
        Await.until("the host syncs it once", () -> host.status().stream().filter(s -> s.id().equals("gamma")).count() == 1,
                host::status);
    }

    private long storesOf(String account) {
        try {
            return java.util.Arrays.stream(context.getServiceReferences(MessageStore.class.getName(), null))
                    .map(context::getService).filter(s -> ((MessageStore) s).identity().id().equals(account)).count();
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private void account(String name, String version) throws Exception {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("account", name);
        // Long enough that both runs overlap, short enough for a quick test: 10 steps.
        properties.put("stepMillis", 300L);
        configurationAdmin.getFactoryConfiguration(AccountConfig.PID + "|" + PROVIDER + "|" + version, name, "?")
                .update(properties);
    }

    private Bundle bundleOf(String version) {
        return java.util.Arrays.stream(context.getBundles())
                .filter(b -> PROVIDER.equals(b.getSymbolicName()) && version.equals(b.getVersion().toString()))
                .findFirst().orElseThrow();
    }
}
