package dev.mapisync.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import dev.mapisync.api.Identity;
import dev.mapisync.api.message.FolderInfo;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.store.Replica;
import dev.mapisync.api.store.ReplicaStorage;
import dev.mapisync.api.store.WellKnownFolder;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
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
import org.osgi.util.tracker.ServiceTracker;

/** The default store in Felix: configured through ConfigAdmin, it offers the default MessageStore and ReplicaStorage. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LocalStoreIT {

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() {
        return options(TestBundles.base(), TestBundles.runtime(), TestBundles.mapisync("api"),
                TestBundles.mapisync("h2.mvstore"), TestBundles.mapisync("store.local"));
    }

    @Test
    public void servesTheDefaultStoreAndReplicasFromTheConfiguredDirectory() throws Exception {
        Path data = Files.createTempDirectory("mapisync-local-it");
        org.osgi.service.cm.Configuration configuration = configurationAdmin.getConfiguration(LocalStoreTesting.PID, "?");
        Dictionary<String, Object> properties = new Hashtable<>(LocalStoreTesting.config(data));
        configuration.update(properties);
        ServiceTracker<ReplicaStorage, ReplicaStorage> replicas = new ServiceTracker<>(context, ReplicaStorage.class, null);
        replicas.open();
        assertNotNull(replicas.waitForService(10_000));
        ServiceReference<MessageStore> reference = context.getServiceReferences(MessageStore.class,
                "(" + MessageStore.DEFAULT_STORE_PROPERTY + "=true)").iterator().next();
        MessageStore store = context.getService(reference);
        List<FolderPath> folders = store.folders().stream().map(FolderInfo::path).toList();
        for (WellKnownFolder folder : WellKnownFolder.values()) {
            assertTrue(folder + " in " + folders, folders.contains(folder.path()));
        }
        assertTrue("the store lives in the configured directory", Files.isDirectory(data.resolve("default/.Outbox/cur")));

        byte[] mail = "From: a@example.org\r\nSubject: in OSGi\r\n\r\nHi.\r\n".getBytes(StandardCharsets.UTF_8);
        MessageId id = store.appendMessage(WellKnownFolder.DRAFTS.path(), new ByteArrayInputStream(mail),
                Set.of(MessageFlag.DRAFT));
        try (InputStream in = store.openMessage(WellKnownFolder.DRAFTS.path(), id)) {
            assertEquals(new String(mail, StandardCharsets.UTF_8), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals("in OSGi", store.message(WellKnownFolder.DRAFTS.path(), id).subject());

        Replica replica = replicas.getService().replica(new Identity("imap:it", "IT account"));
        replica.applyRemoteAppend(FolderPath.of("Inbox"), "1", new ByteArrayInputStream(mail), Set.of(), true);
        assertEquals(1, replica.remoteIds(FolderPath.of("Inbox")).size());
        assertTrue(Files.isDirectory(data.resolve("replicas")));
        context.ungetService(reference);
    }
}
