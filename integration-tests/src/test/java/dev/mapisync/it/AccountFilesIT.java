package dev.mapisync.it;

import static dev.mapisync.it.HostTesting.end;
import static dev.mapisync.it.HostTesting.status;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.streamBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import dev.mapisync.api.Status;
import dev.mapisync.api.host.SendReceive;
import dev.mapisync.api.host.TaskState;
import dev.mapisync.api.sync.SyncFlag;
import dev.mapisync.it.providers.AccountConfig;
import dev.mapisync.it.providers.AccountStore;
import dev.mapisync.it.providers.TestHandle;
import dev.mapisync.it.providers.TestStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
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
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import dev.mapisync.api.store.MessageStore;

/**
 * etc/ as in the runnable host: one ConfigAdmin file per account, watched by Apache FileInstall
 * through the account-files bundle. A file creates the account, an edit applies live, a
 * malformed file is reported with its name and line and changes nothing, a removed file removes
 * the account (cancelling its running sync).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AccountFilesIT {

    private static final String ETC = "mapisync.test.etc";
    private static final String INSTALLER_LOG = "dev.mapisync.configfiles.ConfigFileInstaller";

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() throws Exception {
        Path etc = Files.createTempDirectory("mapisync-etc");
        return options(TestBundles.base(), TestBundles.runtime(), TestBundles.mapisync("api"),
                TestBundles.mapisync("host").noStart(),
                streamBundle(TestBundles.providerJar("test.account.provider", "1.0.0",
                        TestBundles.privateLibrary("commons-lang3", System.getProperty("mapisync.commons-lang3.old")),
                        AccountStore.class, AccountConfig.class, TestStore.class, TestHandle.class)).start(),
                systemProperty(ETC).value(etc.toString()),
                TestBundles.mapisync("fileinstall"),
                TestBundles.mapisync("configfiles").noStart());
    }

    @Test
    public void accountFilesApplyLiveAndAMalformedOneChangesNothing() throws Exception {
        SendReceive host = HostTesting.start(context, configurationAdmin, Map.of("defaultIntervalSeconds", 0L));
        Path etc = watched();
        Path file = etc.resolve(AccountConfig.PID + "-alpha.cfg");

        try (LogRecorder log = new LogRecorder(INSTALLER_LOG)) {
            write(file, "# the alpha account\naccount = alpha\nport = 993\npassword = s3cret-value\nstepMillis = 200\n");
            Await.until("the account file makes a store", () -> host.status().size() == 1, host::status);
            assertTrue(status(host, "alpha").name(), status(host, "alpha").name().contains("port 993 tls"));

            write(file, "account = alpha\nport = 995\nsecurity = starttls\npassword = s3cret-value\nstepMillis = 200\n");
            Await.until("an edit applies live", () -> served(host, "alpha", "port 995 starttls"), host::status);
            ServiceReference<MessageStore> before = context.getServiceReference(MessageStore.class);

            String[][] malformed = {
                {"account = alpha\npassword = s3cret-value\nport = abc\n", "line 3", "the value of 'port' is not a whole number"},
                {"account = alpha\npasword = s3cret-value\n", "line 2", "'pasword' is not a setting"},
                {"account = alpha\nsecurity = tls1.0\npassword = s3cret-value\n", "line 2", "'security'"},
                {"account = alpha\nport = 99999\n", "line 2", "'port'"},
                {"account = alpha\n\nstepMillis\n", "line 3", "expected key = value"},
                {"account = alpha\nport = 1\nport = 2\n", "line 3", "first on line 2"},
                {"account = alpha\npassword = bad\\u00zz\n", "line 2", "malformed"},
            };
            for (String[] bad : malformed) {
                int seen = log.messages().size();
                write(file, bad[0]);
                Await.until(file.getFileName() + " reported for: " + bad[0],
                        () -> log.messages().stream().skip(seen)
                                .anyMatch(m -> m.contains(file.getFileName().toString()) && m.contains(bad[1]) && m.contains(bad[2])),
                        log::messages);
                assertEquals("nothing changed", 995, configurationAdmin
                        .listConfigurations("(service.factoryPid=" + AccountConfig.PID + ")")[0].getProperties().get("port"));
                assertEquals("the store was not touched", before.getProperty("service.id"),
                        context.getServiceReference(MessageStore.class).getProperty("service.id"));
            }
            assertFalse("a password never reaches the log", log.messages().stream().anyMatch(m -> m.contains("s3cret")));

            write(file, "account = alpha\nport = 143\nstepMillis = 200\n");
            Await.until("a fixed file applies", () -> served(host, "alpha", "port 143 tls"), host::status);

            try (HostEventRecorder events = new HostEventRecorder(context)) {
                host.sync("alpha", EnumSet.of(SyncFlag.DOWNLOAD_CONTENTS));
                Await.until("the sync runs", () -> status(host, "alpha").state() == TaskState.RUNNING
                        && status(host, "alpha").index() > 0, host::status);
                Files.delete(file);
                assertEquals("removing the file cancels the running sync", Status.CANCELLED, end(events, host, "alpha", 0));
                Await.until("the account leaves the host", () -> host.status().isEmpty(), host::status);
                assertEquals(null, configurationAdmin.listConfigurations("(service.factoryPid=" + AccountConfig.PID + ")"));
            }
        }
    }

    /**
     * A thousand files dropped at once, then removed at once: each one applied and each one
     * removed. Java's file watch service keeps 512 events per directory and then reports only
     * "overflow", which FileInstall's watcher skips: with it, 569 of 1,000 were applied.
     */
    @Test
    public void aThousandFilesDroppedAtOnceAreEachAppliedAndEachRemoved() throws Exception {
        Path etc = watched();
        String filter = "(service.factoryPid=org.example.bulk)";
        for (int i = 0; i < 1_000; i++) {
            Files.writeString(etc.resolve("org.example.bulk-a" + i + ".cfg"), "account = a" + i + "\n");
        }
        Await.until("every file is a configuration", Duration.ofSeconds(60), () -> count(filter) == 1_000,
                () -> count(filter) + " configurations");
        for (int i = 0; i < 1_000; i++) {
            Files.delete(etc.resolve("org.example.bulk-a" + i + ".cfg"));
        }
        Await.until("every configuration is gone", Duration.ofSeconds(60), () -> count(filter) == 0,
                () -> count(filter) + " configurations");
    }

    private int count(String filter) {
        try {
            org.osgi.service.cm.Configuration[] made = configurationAdmin.listConfigurations(filter);
            return made == null ? 0 : made.length;
        } catch (Exception e) {
            return -1;
        }
    }

    /** Points the account-files bundle at the test's etc/ and starts it (once). */
    private Path watched() throws Exception {
        Path etc = Path.of(System.getProperty(ETC));
        Hashtable<String, Object> where = new Hashtable<>(Map.of("directory", etc.toString(), "pollMillis", 100L));
        configurationAdmin.getConfiguration("dev.mapisync.configfiles", "?").update(where);
        HostTesting.bundle(context, "dev.mapisync.configfiles").start();
        return etc;
    }

    private static boolean served(SendReceive host, String id, String namepart) {
        return host.status().size() == 1 && host.status().stream().anyMatch(s -> s.id().equals(id) && s.name().contains(namepart));
    }

    /** Replaces the file in one step, as an editor saving it does, so the watcher never sees half a file. */
    private static void write(Path file, String text) throws Exception {
        Path next = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(next, text, StandardCharsets.UTF_8);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
