package dev.mapisync.it;

import static dev.mapisync.it.HostTesting.bundle;
import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import dev.mapisync.api.host.SendReceive;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.store.StoreException;
import dev.mapisync.api.store.WellKnownFolder;
import dev.mapisync.api.sync.SyncFlag;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;
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
import org.osgi.util.tracker.ServiceTracker;

/** End to end: a message in the default store's Outbox leaves through the SMTP transport to GreenMail and moves to Sent Items. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SmtpOutboxIT {

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() {
        int port = MailServers.startSmtp();
        return options(TestBundles.base(), TestBundles.runtime(), TestBundles.mapisync("api"),
                TestBundles.mapisync("h2.mvstore"), TestBundles.mapisync("store.local").noStart(),
                TestBundles.mapisync("host").noStart(), TestBundles.mapisync("transport.smtp"),
                systemProperty(MailServers.SMTP_PORT).value(Integer.toString(port)));
    }

    @Test
    public void anOutboxMessageIsDeliveredAndFiledInSentItems() throws Exception {
        org.osgi.service.cm.Configuration store = configurationAdmin.getConfiguration(LocalStoreTesting.PID, "?");
        store.update(new Hashtable<>(LocalStoreTesting.config(Files.createTempDirectory("mapisync-smtp-outbox"))));
        bundle(context, "dev.mapisync.store.local").start();
        MailServers.configureSmtpAccount(configurationAdmin, "outbox-it");
        SendReceive host = HostTesting.start(context, configurationAdmin, Map.of("defaultIntervalSeconds", 0L));

        ServiceTracker<MessageStore, MessageStore> stores = new ServiceTracker<>(context, context.createFilter(
                "(&(objectClass=" + MessageStore.class.getName() + ")(" + MessageStore.DEFAULT_STORE_PROPERTY + "=true))"),
                null);
        stores.open();
        MessageStore defaultStore = stores.waitForService(10_000);
        byte[] mail = ("From: ada@example.org\r\nTo: bob@example.org\r\nBcc: carol@example.org\r\nSubject: end to end\r\n"
                + "\r\nHello through SMTP.\r\n").getBytes(StandardCharsets.UTF_8);
        defaultStore.appendMessage(WellKnownFolder.OUTBOX.path(), new ByteArrayInputStream(mail), Set.of(MessageFlag.SEEN));

        Await.until("the SMTP transport is discovered", () -> host.status().stream()
                .anyMatch(s -> s.id().equals("smtp:outbox-it")), host::status);
        host.sendReceiveAll(EnumSet.of(SyncFlag.OUTGOING_MAIL));
        Await.until("the message is filed in Sent Items", () -> {
            try {
                return defaultStore.messages(WellKnownFolder.OUTBOX.path()).isEmpty()
                        && defaultStore.messages(WellKnownFolder.SENT_ITEMS.path()).size() == 1;
            } catch (StoreException e) {
                return false;
            }
        }, host::outbox);
        IntSupplier received = (IntSupplier) System.getProperties().get(MailServers.SMTP_RECEIVED);
        Await.until("GreenMail received it for both recipients", () -> received.getAsInt() == 2, received::getAsInt);
        assertEquals("end to end", defaultStore.messages(WellKnownFolder.SENT_ITEMS.path()).get(0).subject());
    }
}
