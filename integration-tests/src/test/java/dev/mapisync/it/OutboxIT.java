package dev.mapisync.it;

import static dev.mapisync.it.HostTesting.bundle;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import dev.mapisync.api.host.OutboxEntry;
import dev.mapisync.api.host.SendReceive;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.message.MessageInfo;
import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.store.StoreException;
import dev.mapisync.api.store.WellKnownFolder;
import dev.mapisync.api.sync.SyncFlag;
import dev.mapisync.it.providers.BatchingTransport;
import dev.mapisync.it.providers.FlakyTransport;
import dev.mapisync.it.providers.GatedTransport;
import dev.mapisync.it.providers.HangingTransport;
import dev.mapisync.it.providers.RejectingTransport;
import dev.mapisync.it.providers.TestTransport;
import dev.mapisync.it.providers.UnsureTransport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The Outbox of the real default store drained through test transports: accepted mail moves
 * to Sent Items, transient failures are retried with backoff, permanent ones hold the message
 * with its reason until the user retries, a message whose address type no transport serves
 * waits until one does, accepted recipients are never sent to again, a host that dies
 * during a submission does not send again, nor does one that never heard the server's
 * answer; recipients a server puts off in one transaction go at once in the next, and the
 * Outbox leaves oldest first, also when a transport comes in the middle of a drain.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class OutboxIT {

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    private Path transportLog;

    private Path storeData;

    @Configuration
    public Option[] config() throws IOException {
        Path data = Files.createTempDirectory("mapisync-outbox-it");
        return options(TestBundles.base(), TestBundles.runtime(), TestBundles.mapisync("api"),
                TestBundles.mapisync("gogo.runtime"), TestBundles.mapisync("shell"),
                systemProperty(TestTransport.LOG_PROPERTY).value(data.resolve("transport.log").toString()),
                systemProperty("mapisync.test.data").value(data.resolve("store").toString()),
                TestBundles.mapisync("h2.mvstore"), TestBundles.mapisync("store.local").noStart(),
                TestBundles.mapisync("host").noStart(),
                TestBundles.provider("test.transport.flaky", FlakyTransport.class, TestTransport.class),
                TestBundles.provider("test.transport.rejecting", RejectingTransport.class, TestTransport.class),
                TestBundles.provider("test.transport.hanging", HangingTransport.class, TestTransport.class),
                TestBundles.provider("test.transport.unsure", UnsureTransport.class, TestTransport.class),
                TestBundles.provider("test.transport.batching", BatchingTransport.class, TestTransport.class),
                systemProperty(GatedTransport.GATE_PROPERTY).value(data.resolve("gate").toString()),
                TestBundles.provider("test.transport.gated", GatedTransport.class, TestTransport.class));
    }

    private SendReceive start() throws Exception {
        return start(300L);
    }

    /**
     * @return this test's own store folder and transport log: the framework is new for each
     *         test, the JVM and its system properties are not, and mail another test left in an
     *         Outbox would be sent here (its journal is gone with the framework)
     */
    private Path storeData() throws IOException {
        if (storeData == null) {
            Path base = Path.of(System.getProperty("mapisync.test.data"));
            Files.createDirectories(base);
            Path mine = Files.createTempDirectory(base, "test");
            transportLog = mine.resolve("transport.log");
            System.setProperty(TestTransport.LOG_PROPERTY, transportLog.toString());
            storeData = mine.resolve("store");
        }
        return storeData;
    }

    private SendReceive start(long retryBaseMillis) throws Exception {
        org.osgi.service.cm.Configuration store = configurationAdmin.getConfiguration(LocalStoreTesting.PID, "?");
        Dictionary<String, Object> properties = new Hashtable<>(LocalStoreTesting.config(storeData()));
        store.update(properties);
        bundle(context, "dev.mapisync.store.local").start();
        return HostTesting.start(context, configurationAdmin, Map.of("defaultIntervalSeconds", 0L,
                "outboxRetryBaseMillis", retryBaseMillis, "outboxRetryMaxMillis", Math.max(1000L, retryBaseMillis),
                "syncTimeoutSeconds", 30L));
    }

    private MessageStore defaultStore() throws InterruptedException {
        ServiceTracker<MessageStore, MessageStore> tracker = new ServiceTracker<>(context, filter(), null);
        tracker.open();
        MessageStore store = tracker.waitForService(10_000);
        if (store == null) {
            throw new AssertionError("no default store service");
        }
        return store;
    }

    private org.osgi.framework.Filter filter() {
        try {
            return context.createFilter("(&(objectClass=" + MessageStore.class.getName() + ")("
                    + MessageStore.DEFAULT_STORE_PROPERTY + "=true))");
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static MessageId queue(MessageStore store, String headers) throws StoreException {
        String message = headers + "From: ada@example.org\r\nSubject: test\r\n\r\nHello.\r\n";
        InputStream content = new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8));
        return store.appendMessage(WellKnownFolder.OUTBOX.path(), content, Set.of(MessageFlag.SEEN));
    }

    /** @return what the test transports logged, a line per recipient and outcome */
    private List<String> sent() {
        try {
            return Files.exists(transportLog) ? Files.readAllLines(transportLog) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long sentLines(String text) {
        return sent().stream().filter(l -> l.contains(text)).count();
    }

    private static Optional<OutboxEntry> entry(SendReceive host, MessageId id) {
        return host.outbox().stream().filter(e -> e.id().equals(id)).findFirst();
    }

    private static boolean inFolder(MessageStore store, WellKnownFolder folder) throws StoreException {
        return !store.messages(folder.path()).isEmpty();
    }

    /** @return Sent Items holds mail, and (if asked) the Outbox is empty */
    private static boolean settled(MessageStore store, boolean outboxEmpty) {
        try {
            return inFolder(store, WellKnownFolder.SENT_ITEMS) && !(outboxEmpty && inFolder(store, WellKnownFolder.OUTBOX));
        } catch (StoreException e) {
            return false;
        }
    }

    @Test
    public void aTransientFailureIsRetriedWithBackoffThenTheMessageMovesToSentItems() throws Exception {
        SendReceive host = start();
        MessageStore store = defaultStore();
        MessageId id = queue(store, "To: bob@example.org\r\n");
        host.sendReceiveAll(EnumSet.of(SyncFlag.OUTGOING_MAIL));
        Await.until("the first attempt fails transiently and is held for a retry",
                () -> entry(host, id).map(e -> e.state() == OutboxEntry.State.RETRYING).orElse(false), host::outbox);
        OutboxEntry held = entry(host, id).orElseThrow();
        assertTrue(held.reason(), held.reason().contains("451 4.3.0 mailbox busy"));
        assertTrue(held.nextAttempt().isPresent());
        Await.until("the retry is accepted and the message moves to Sent Items", () -> {
            try {
                return store.messages(WellKnownFolder.OUTBOX.path()).isEmpty() && inFolder(store, WellKnownFolder.SENT_ITEMS);
            } catch (StoreException e) {
                return false;
            }
        }, host::outbox);
        assertEquals("one failed and one accepted submission", List.of(
                "FlakyTransport " + id + " SMTP:bob@example.org TRANSIENT_FAILURE",
                "FlakyTransport " + id + " SMTP:bob@example.org ACCEPTED"),
                sent().stream().filter(line -> line.contains(id.toString())).toList());
        MessageInfo sentItem = store.messages(WellKnownFolder.SENT_ITEMS.path()).get(0);
        assertEquals("test", sentItem.subject());
    }

    @Test
    public void permanentFailuresAndMissingTransportsHoldTheMessageAndOthersGoOn() throws Exception {
        SendReceive host = start();
        MessageStore store = defaultStore();
        MessageId mixed = queue(store, "To: bob@example.org\r\nX-Mapisync-Recipient: FAX:+4930123\r\n");
        MessageId paged = queue(store, "X-Mapisync-Recipient: PAGER:4711\r\n");
        host.sendReceiveAll(EnumSet.of(SyncFlag.OUTGOING_MAIL));
        Await.until("the one held as failed, the other waiting for a transport", () -> entry(host, mixed).map(e -> e.state()
                == OutboxEntry.State.FAILED).orElse(false) && entry(host, paged).map(e -> e.state()
                == OutboxEntry.State.PENDING && !e.reason().isEmpty()).orElse(false), host::outbox);
        String reason = entry(host, mixed).orElseThrow().reason();
        assertTrue(reason, reason.contains("FAX:+4930123: 550 5.1.1 no such fax number"));
        assertTrue(reason, reason.contains("SMTP:bob@example.org: 451 4.3.0"));
        assertTrue(entry(host, paged).orElseThrow().reason().contains("no transport serves address type PAGER"));

        // Another message goes out (after its own transient failure and retry) while these wait.
        MessageId plain = queue(store, "To: carol@example.org\r\n");
        host.sendReceiveAll(EnumSet.of(SyncFlag.OUTGOING_MAIL));
        Await.until("the other message is sent", () -> sentLines(plain + " SMTP:carol@example.org ACCEPTED") == 1,
                this::sent);
        assertEquals("a held message is not retried by itself", 1, sentLines(mixed + " FAX:+4930123"));

        host.retry(mixed);
        Await.until("the user's retry submits both recipients again", () -> sentLines(mixed + " FAX:+4930123") == 2
                && sentLines(mixed + " SMTP:bob@example.org ACCEPTED") == 1, this::sent);
        Await.until("the message is held again for the fax", () -> entry(host, mixed).map(e -> e.state()
                == OutboxEntry.State.FAILED && e.attempts() == 1).orElse(false), host::outbox);
        host.retry(mixed);
        Await.until("a second retry submits the fax again", () -> sentLines(mixed + " FAX:+4930123") == 3, this::sent);
        assertEquals("bob: one transient failure, one acceptance, never sent to again", 2,
                sentLines(mixed + " SMTP:bob@example.org"));
        IllegalArgumentException unknown = org.junit.Assert.assertThrows(IllegalArgumentException.class,
                () -> host.retry(new MessageId("no-such-message")));
        assertTrue(unknown.getMessage(), unknown.getMessage().contains("no-such-message"));
    }

    @Test
    public void aMessageWaitsForItsTransportAndGoesWhenItComes() throws Exception {
        // As at every start of the runnable host: the Outbox is there before the transports' accounts are.
        Bundle flaky = bundle(context, "test.transport.flaky");
        flaky.stop();
        SendReceive host = start();
        MessageStore store = defaultStore();
        MessageId id = queue(store, "To: dora@example.org\r\n");
        host.sendReceiveAll(EnumSet.of(SyncFlag.OUTGOING_MAIL));
        Await.until("it waits, saying why", () -> entry(host, id).map(e -> e.state() == OutboxEntry.State.PENDING
                && e.reason().contains("no transport serves address type SMTP")).orElse(false), host::outbox);
        assertEquals("no attempt is counted while no transport could take it", 0, entry(host, id).orElseThrow().attempts());
        flaky.start();
        Await.until("the transport's arrival sends it, without the user's retry",
                () -> sentLines(id + " SMTP:dora@example.org ACCEPTED") == 1, this::sent);
    }

    @Test
    public void aHostThatDiesDuringASubmissionDoesNotSendAgain() throws Exception {
        SendReceive host = start();
        MessageStore store = defaultStore();
        MessageId id = queue(store, "X-Mapisync-Recipient: HANG:slow-server\r\n");
        host.sendReceiveAll(EnumSet.of(SyncFlag.OUTGOING_MAIL));
        Await.until("the submission is under way", () -> sentLines(id + " entered") == 1, this::sent);

        Bundle hostBundle = bundle(context, "dev.mapisync.host");
        hostBundle.stop();
        hostBundle.start();
        SendReceive restarted = HostTesting.start(context, configurationAdmin, Map.of());
        restarted.sendReceiveAll(EnumSet.of(SyncFlag.OUTGOING_MAIL));
        Await.until("the message is held with the unknown outcome", () -> entry(restarted, id).map(e -> e.state()
                == OutboxEntry.State.FAILED && e.reason().contains("may have accepted it")).orElse(false),
                restarted::outbox);
        assertEquals("not submitted a second time", 1, sentLines(id + " entered"));
        assertTrue("still in the Outbox, nothing lost", inFolder(store, WellKnownFolder.OUTBOX));
    }

    @Test
    public void anUnknownOutcomeIsHeldAndNeverSentAgainByItself() throws Exception {
        SendReceive host = start();
        MessageStore store = defaultStore();
        MessageId unsure = queue(store, "X-Mapisync-Recipient: UNSURE:someone\r\n");
        MessageId buggy = queue(store, "X-Mapisync-Recipient: UNSURE:throws\r\n");
        host.sendReceiveAll(EnumSet.of(SyncFlag.OUTGOING_MAIL));
        for (MessageId id : List.of(unsure, buggy)) {
            Await.until("held for the user with the unknown outcome", () -> entry(host, id).map(e -> e.state()
                    == OutboxEntry.State.FAILED && e.reason().contains("may have accepted")).orElse(false), host::outbox);
        }
        assertTrue(entry(host, buggy).orElseThrow().reason().contains("threw"));

        // Drains go on (a transient failure and its retry after the backoff) and leave the held ones alone.
        MessageId other = queue(store, "To: erin@example.org\r\n");
        host.sendReceiveAll(EnumSet.of(SyncFlag.OUTGOING_MAIL));
        Await.until("the other message is sent after its retry", () -> sentLines(other + " SMTP:erin@example.org ACCEPTED")
                == 1, this::sent);
        host.sendReceiveAll(EnumSet.of(SyncFlag.OUTGOING_MAIL));
        Await.until("that drain is over", () -> settled(store, false), host::outbox);
        assertEquals("not sent again by a drain", 1, sentLines(unsure + " UNSURE:someone"));
        assertEquals("not sent again by a drain", 1, sentLines(buggy + " UNSURE:throws"));

        host.retry(unsure);
        Await.until("the user's retry sends it once more", () -> sentLines(unsure + " UNSURE:someone") == 2, this::sent);
        assertEquals(1, sentLines(buggy + " UNSURE:throws"));
    }

    @Test
    public void recipientsPutOffInOneTransactionGoAtOnceInTheNext() throws Exception {
        // A backoff of ten minutes: only an immediate new transaction sends the message within the wait.
        SendReceive host = start(600_000L);
        MessageStore store = defaultStore();
        StringBuilder headers = new StringBuilder();
        for (int i = 1; i <= 5; i++) {
            headers.append("X-Mapisync-Recipient: BATCH:r").append(i).append("\r\n");
        }
        MessageId id = queue(store, headers.toString());
        host.sendReceiveAll(EnumSet.of(SyncFlag.OUTGOING_MAIL));
        Await.until("every recipient took it and it moved to Sent Items", () -> settled(store, true), this::sent);
        assertEquals("three transactions: 5 recipients, then the 3 put off, then the last", List.of(
                "BatchingTransport " + id + " transaction of 5", "BatchingTransport " + id + " transaction of 3",
                "BatchingTransport " + id + " transaction of 1"),
                sent().stream().filter(l -> l.contains(" transaction of ")).toList());
        for (int i = 1; i <= 5; i++) {
            assertEquals("BATCH:r" + i + " accepted once", 1, sentLines(id + " BATCH:r" + i + " ACCEPTED"));
        }
    }

    @Test
    public void theOutboxLeavesOldestFirst() throws Exception {
        // Queued as Dovecot names files, all in one second: the order is in the microseconds, not in the names' order.
        List<String> queued = new java.util.ArrayList<>();
        List<Integer> writeOrder = new java.util.ArrayList<>(java.util.stream.IntStream.range(0, 30).boxed().toList());
        java.util.Collections.shuffle(writeOrder, new java.util.Random(15));
        for (int i : writeOrder) {
            queueFile(i * 30_000 + 7, "BATCH:r" + i);
        }
        for (int i = 0; i < 30; i++) {
            queued.add(fileName(i * 30_000 + 7));
        }
        SendReceive host = start();
        defaultStore();
        host.sendReceiveAll(EnumSet.of(SyncFlag.OUTGOING_MAIL));
        Await.until("all 30 are sent", () -> sent().stream().filter(l -> l.endsWith(" ACCEPTED")).count() == 30,
                this::sent);
        assertEquals("sent in the order queued", queued, accepted());
    }

    @Test
    public void aTransportThatComesDuringADrainDoesNotLetNewerMailOvertakeOlder() throws Exception {
        // As at a start: the transport of the oldest message comes while the drain is busy with another one.
        Bundle batching = bundle(context, "test.transport.batching");
        batching.stop();
        queueFile(1, "BATCH:oldest");
        queueFile(2, "GATE:in-between");
        queueFile(3, "BATCH:newest");
        SendReceive host = start();
        defaultStore();
        host.sendReceiveAll(EnumSet.of(SyncFlag.OUTGOING_MAIL));
        Await.until("the drain is in the middle of the second message", () -> sentLines("GatedTransport "
                + fileName(2) + " entered") == 1, this::sent);
        batching.start();
        Files.writeString(Path.of(System.getProperty(GatedTransport.GATE_PROPERTY)), "open");
        Await.until("all three are sent", () -> accepted().size() == 3, this::sent);
        assertEquals("the one under way, then the oldest before the newest, though its transport came late",
                List.of(fileName(2), fileName(1), fileName(3)), accepted());
    }

    @Test
    public void theOutboxIsDrainedWhenTheDefaultStoreComesAfterTheHostAndItsTransports() throws Exception {
        // As at a restart where the host and the transports are up first: no Send/Receive is asked for.
        queueFile(5, "BATCH:late-store");
        org.osgi.service.cm.Configuration store = configurationAdmin.getConfiguration(LocalStoreTesting.PID, "?");
        store.update(new Hashtable<>(LocalStoreTesting.config(storeData())));
        HostTesting.start(context, configurationAdmin, Map.of("defaultIntervalSeconds", 0L, "outboxRetryBaseMillis",
                300L, "outboxRetryMaxMillis", 1000L, "syncTimeoutSeconds", 30L));
        bundle(context, "dev.mapisync.store.local").start();
        Await.until("the store's arrival drains the Outbox", () -> accepted().equals(List.of(fileName(5))), this::sent);
    }

    /** @return the name of a message file queued at 1796000000 s and the given microseconds */
    private static String fileName(int micros) {
        return "1796000000.M" + micros + "P4242.outbox-order";
    }

    /** Writes a message file into the Outbox as Maildir software does: into tmp/, then renamed into new/. */
    private void queueFile(int micros, String recipient) throws IOException {
        Path outbox = storeData().resolve("default/.Outbox");
        for (String sub : List.of("tmp", "new", "cur")) {
            Files.createDirectories(outbox.resolve(sub));
        }
        String name = fileName(micros);
        Path written = Files.writeString(outbox.resolve("tmp").resolve(name), "From: ada@example.org\r\n"
                + "X-Mapisync-Recipient: " + recipient + "\r\nSubject: " + recipient + "\r\n\r\nHello.\r\n");
        Files.move(written, outbox.resolve("new").resolve(name));
    }

    /** @return the ids of the messages the transports accepted, in the order they did */
    private List<String> accepted() {
        return sent().stream().filter(l -> l.endsWith(" ACCEPTED")).map(l -> l.split(" ")[1]).toList();
    }

    @Test
    public void aMessageFileQueuedWithTheShellCommandIsSentAndABadOneIsRefused() throws Exception {
        SendReceive host = start();
        MessageStore store = defaultStore();
        Path file = Files.writeString(storeData().resolveSibling("to-fiona.eml"), "From: ada@example.org\r\n"
                + "To: Fiona <fiona@example.org>\r\nSubject: from the console\r\n\r\nHello.\r\n");
        String said = Gogo.run(context, "queue", "mapisync:queue " + file);
        assertTrue(said, said.startsWith("queued " + file));
        Await.until("it is sent (after the test transport's first refusal and the retry)",
                () -> sentLines(" SMTP:fiona@example.org ACCEPTED") == 1, this::sent);
        Await.until("and filed in Sent Items", () -> settled(store, true), this::sent);

        Path noRecipient = Files.writeString(storeData().resolveSibling("to-nobody.eml"),
                "From: ada@example.org\r\nSubject: to nobody\r\n\r\nHello.\r\n");
        int before = store.messages(WellKnownFolder.OUTBOX.path()).size();
        Exception refused = org.junit.Assert.assertThrows(Exception.class,
                () -> Gogo.run(context, "queue", "mapisync:queue " + noRecipient));
        assertTrue(refused.getMessage(), refused.getMessage().contains(noRecipient + " names no recipient"));
        assertEquals("nothing was queued", before, store.messages(WellKnownFolder.OUTBOX.path()).size());
    }
}
