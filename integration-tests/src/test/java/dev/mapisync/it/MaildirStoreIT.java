package dev.mapisync.it;

import static dev.mapisync.it.HostTesting.bundle;
import static dev.mapisync.it.HostTesting.end;
import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.options;

import dev.mapisync.api.Status;
import dev.mapisync.api.host.SendReceive;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.sync.SyncFlag;
import java.nio.charset.StandardCharsets;
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

/** The template provider in Felix: a ConfigAdmin account makes a store the host syncs from a Maildir into its replica. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MaildirStoreIT {

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() {
        return options(TestBundles.base(), TestBundles.runtime(), TestBundles.mapisync("api"),
                TestBundles.mapisync("h2.mvstore"), TestBundles.mapisync("store.local").noStart(),
                TestBundles.mapisync("host").noStart(), TestBundles.mapisync("store.maildir"));
    }

    @Test
    public void aConfiguredMaildirIsSyncedIntoItsReplica() throws Exception {
        configurationAdmin.getConfiguration(LocalStoreTesting.PID, "?").update(new Hashtable<>(
                LocalStoreTesting.config(Files.createTempDirectory("mapisync-maildir-it"))));
        bundle(context, "dev.mapisync.store.local").start();
        SendReceive host = HostTesting.start(context, configurationAdmin, Map.of("defaultIntervalSeconds", 0L));

        Path maildir = Files.createTempDirectory("mapisync-maildir");
        for (String part : new String[] {"cur", "new", "tmp", ".Archive/cur", ".Archive/new", ".Archive/tmp"}) {
            Files.createDirectories(maildir.resolve(part));
        }
        Files.writeString(maildir.resolve("cur/1.M1.host:2,S"), "Subject: one\r\n\r\nbody\r\n", StandardCharsets.US_ASCII);
        Files.writeString(maildir.resolve("new/2.M2.host"), "Subject: two\r\n\r\nbody\r\n", StandardCharsets.US_ASCII);
        Files.writeString(maildir.resolve(".Archive/cur/3.M3.host:2,RS"), "Subject: old\r\n\r\nbody\r\n",
                StandardCharsets.US_ASCII);
        configurationAdmin.getFactoryConfiguration("dev.mapisync.store.maildir", "archive", "?").update(new Hashtable<>(
                Map.of("account", "archive", "directory", maildir.toString(), "mapisync.sync.interval", 0L)));
        Await.until("the host discovers the Maildir store", () -> host.status().stream()
                .anyMatch(s -> s.id().equals("maildir:archive")), host::status);
        assertEquals("dev.mapisync.store.maildir", HostTesting.status(host, "maildir:archive").provider());

        try (HostEventRecorder events = new HostEventRecorder(context)) {
            host.sync("maildir:archive", EnumSet.of(SyncFlag.DOWNLOAD_HIERARCHY, SyncFlag.DOWNLOAD_CONTENTS));
            assertEquals(Status.SUCCESS, end(events, host, "maildir:archive", 0));
        }
        ServiceReference<MessageStore> reference = context.getServiceReferences(MessageStore.class,
                "(component.name=dev.mapisync.store.maildir.MaildirAccountStore)").iterator().next();
        MessageStore store = context.getService(reference);
        assertEquals(2, store.messages(FolderPath.of("Inbox")).size());
        assertEquals(1, store.messages(FolderPath.of("Archive")).size());
        context.ungetService(reference);
    }
}
