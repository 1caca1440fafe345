package dev.mapisync.it;

import static dev.mapisync.it.HostTesting.bundle;
import static dev.mapisync.it.HostTesting.end;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import dev.mapisync.api.Status;
import dev.mapisync.api.host.HostEvents;
import dev.mapisync.api.host.SendReceive;
import dev.mapisync.api.host.TaskStatus;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.sync.SyncFlag;
import java.nio.file.Files;
import java.nio.file.Path;
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

/**
 * The IMAP store inside Felix: an account configured through ConfigAdmin becomes a store the
 * host discovers; Send/Receive syncs it from GreenMail into its replica, with Angus Mail
 * found inside the provider bundle.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ImapStoreIT {

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() throws Exception {
        int port = MailServers.startImap(25);
        // The account's password comes from a secret file through ConfigAdmin interpolation. (Not
        // felix.cm.config.plugins as in the runtime: system properties outlive this test class in the JVM.)
        Path secrets = Files.createTempDirectory("mapisync-secrets");
        Files.writeString(secrets.resolve("imap-password"), MailServers.IMAP_PASSWORD);
        return options(TestBundles.base(), TestBundles.runtime(), TestBundles.mapisync("osgi.converter"),
                TestBundles.mapisync("interpolation"),
                systemProperty("org.apache.felix.configadmin.plugin.interpolation.secretsdir").value(secrets.toString()),
                TestBundles.mapisync("api"),
                TestBundles.mapisync("h2.mvstore"), TestBundles.mapisync("store.local").noStart(),
                TestBundles.mapisync("host").noStart(), TestBundles.mapisync("store.imap"),
                systemProperty(MailServers.IMAP_PORT).value(Integer.toString(port)));
    }

    @Test
    public void anAccountIsDiscoveredAndSyncedIntoItsReplica() throws Exception {
        configurationAdmin.getConfiguration(LocalStoreTesting.PID, "?").update(new Hashtable<>(
                LocalStoreTesting.config(Files.createTempDirectory("mapisync-imap-it"))));
        bundle(context, "dev.mapisync.store.local").start();
        SendReceive host = HostTesting.start(context, configurationAdmin, Map.of("defaultIntervalSeconds", 0L));
        MailServers.configureImapAccount(configurationAdmin, "it", "$[secret:imap-password]");
        Await.until("the host discovers the IMAP account", () -> host.status().stream()
                .anyMatch(s -> s.id().equals("imap:it")), host::status);
        TaskStatus row = HostTesting.status(host, "imap:it");
        assertEquals("dev.mapisync.store.imap", row.provider());
        assertFalse("the password never shows", row.toString().contains(MailServers.IMAP_PASSWORD));

        try (HostEventRecorder events = new HostEventRecorder(context)) {
            host.sync("imap:it", EnumSet.of(SyncFlag.DOWNLOAD_HIERARCHY, SyncFlag.DOWNLOAD_CONTENTS));
            assertEquals(Status.SUCCESS, end(events, host, "imap:it", 0));
            assertTrue(events.of(HostEvents.TOPIC_PROGRESS, "imap:it").stream()
                    .anyMatch(e -> String.valueOf(e.getProperty(HostEvents.STEP)).startsWith("Inbox: ")));
            assertFalse(events.all().toString().contains(MailServers.IMAP_PASSWORD));
        }
        ServiceReference<MessageStore> account = context.getServiceReferences(MessageStore.class,
                "(component.name=dev.mapisync.store.imap.ImapAccountStore)").iterator().next();
        MessageStore store = context.getService(account);
        assertEquals(25, store.messages(FolderPath.of("Inbox")).size());
        context.ungetService(account);
    }
}
