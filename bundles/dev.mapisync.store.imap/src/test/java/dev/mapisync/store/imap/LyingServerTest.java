package dev.mapisync.store.imap;

import static dev.mapisync.store.imap.DovecotMailbox.compare;
import static dev.mapisync.store.imap.DovecotMailbox.config;
import static dev.mapisync.store.imap.DovecotMailbox.multipart;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapisync.api.Status;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.store.Replica;
import dev.mapisync.api.sync.SyncFlag;
import dev.mapisync.store.local.DovecotServer;
import dev.mapisync.store.local.LocalStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A message is stored only when the server delivered all of it. Dovecot serves three
 * messages; a proxy in front of it lies about the second one's content (left out, NIL, no
 * bytes, fewer bytes): it is reported with its folder and UID, the sync ends PARTIAL, nothing
 * of it is stored, and it is fetched again at every sync until the server tells the truth.
 * A hostile proxy (a literal announced at 2 GiB, an answer dripped, a listing without end) is
 * refused by the response guard: the message is skipped with its folder, UID and size and the
 * others are stored; a listing beyond 10,000 folders ends the sync PROTOCOL, unretried.
 */
class LyingServerTest {

    private static final Set<SyncFlag> DOWN = EnumSet.of(SyncFlag.DOWNLOAD_HIERARCHY, SyncFlag.DOWNLOAD_CONTENTS);
    private static final FolderPath INBOX = FolderPath.of("Inbox");
    private static final String MARKER = "lie-about-this-one";

    private DovecotAccount mail;
    private DovecotServer dovecot;
    private LyingProxy proxy;
    private String target;

    @BeforeEach
    void start() throws Exception {
        mail = new DovecotAccount(seed -> {
            LocalStore seeded = Harness.localStore(seed);
            seeded.appendMessage(INBOX, new ByteArrayInputStream(multipart(80, 3_000)), Set.of());
            String lied = "From: eve@example.org\r\nTo: ada@example.org\r\nSubject: the one\r\n\r\n" + MARKER
                    + "\r\n" + "line of the message that must arrive whole\r\n".repeat(200);
            seeded.appendMessage(INBOX, new ByteArrayInputStream(lied.getBytes(StandardCharsets.US_ASCII)), Set.of());
            seeded.appendMessage(INBOX, new ByteArrayInputStream(multipart(82, 3_000)), Set.of());
            seeded.close();
        });
        dovecot = mail.dovecot;
        proxy = new LyingProxy(dovecot.port(), MARKER);
        mail.use(config(proxy.port()));
        this.target = targetUid();
    }

    /** @return the lied-about message's UID (Dovecot numbers the seeded files in an order of its own) */
    private String targetUid() throws Exception {
        try (jakarta.mail.Store client = DovecotMailbox.client(dovecot)) {
            jakarta.mail.Folder inbox = client.getFolder("INBOX");
            inbox.open(jakarta.mail.Folder.READ_ONLY);
            try {
                for (jakarta.mail.Message message : inbox.getMessages()) {
                    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                    message.writeTo(bytes);
                    if (bytes.toString(StandardCharsets.US_ASCII).contains(MARKER)) {
                        return Long.toString(((jakarta.mail.UIDFolder) inbox).getUID(message));
                    }
                }
            } finally {
                inbox.close(false);
            }
        }
        throw new AssertionError("no seeded message holds the marker");
    }

    @AfterEach
    void stop() throws Exception {
        mail.close();
        proxy.close();
    }

    private Harness.Recorder sync(Status expected) throws Exception {
        return mail.sync(expected, DOWN);
    }

    private Replica replica() throws Exception {
        return mail.replica();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = LyingProxy.Lie.class, names = {"MISSING", "NIL", "EMPTY", "SHORT_VARYING"})
    void aMessageTheServerDoesNotDeliverWholeIsReportedNotStoredAndFetchedAgain(LyingProxy.Lie lie) throws Exception {
        proxy.lie(lie);
        for (int sync = 1; sync <= 2; sync++) {
            int toldBefore = proxy.told();
            Harness.Recorder recorder = sync(Status.PARTIAL);
            assertTrue(proxy.told() > toldBefore, "sync " + sync + " fetched it (again)");
            assertTrue(recorder.errors.stream().anyMatch(e -> e.startsWith("PROTOCOL: Inbox: message UID " + target
                    + " is not stored")), "named with its folder and UID: " + recorder.errors);
            Set<String> others = new java.util.HashSet<>(Set.of("1", "2", "3"));
            others.remove(target);
            assertEquals(others, replica().remoteIds(INBOX).keySet(), "nothing of it is stored, the others are");
            assertEquals(2, replica().messages(INBOX).size());
        }
        proxy.lie(null);
        sync(Status.SUCCESS);
        assertEquals(3, compare(dovecot, replica(), Map.of("INBOX", INBOX)), "once the server tells the truth, all of it");
    }

    /** The others of the three are stored, nothing of the target, and the folder's state is not past it. */
    private void onlyTheTargetIsMissing() throws Exception {
        Set<String> others = new java.util.HashSet<>(Set.of("1", "2", "3"));
        others.remove(target);
        assertEquals(others, replica().remoteIds(INBOX).keySet(), "the others are stored, nothing of it");
        assertTrue(replica().syncState(INBOX).orElseThrow().uidNext() <= Long.parseLong(target),
                "the folder's state is not past it, so the next sync tries it again");
    }

    @Test
    void aMessageAnnouncedAtTwoGigabytesIsSkippedWithItsFolderUidAndSizeAndFetchedAgainLater() throws Exception {
        proxy.lie(LyingProxy.Lie.HUGE);
        for (int sync = 1; sync <= 2; sync++) {
            int toldBefore = proxy.told();
            Harness.Recorder recorder = sync(Status.PARTIAL);
            assertTrue(proxy.told() > toldBefore, "sync " + sync + " fetched it (again)");
            assertTrue(recorder.errors.stream().anyMatch(e -> e.startsWith("PROTOCOL: Inbox: message UID " + target
                    + " is skipped: the server announced 2,147,483,648 bytes in one response")),
                    "named with its folder, UID and size: " + recorder.errors);
            onlyTheTargetIsMissing();
        }
        proxy.lie(null);
        sync(Status.SUCCESS);
        assertEquals(3, compare(dovecot, replica(), Map.of("INBOX", INBOX)), "once the server tells the truth, all of it");
    }

    @Test
    void aMessageTheServerDripsIsSkippedOnceTheTimeoutHasPassed() throws Exception {
        TestConfig config = config(proxy.port());
        config.timeoutMillis = 1_000;
        mail.use(config);
        proxy.lie(LyingProxy.Lie.DRIP);
        Harness.Recorder recorder = sync(Status.PARTIAL);
        assertTrue(recorder.errors.stream().anyMatch(e -> e.startsWith("PROTOCOL: Inbox: message UID " + target
                + " is skipped: the server sent ") && e.contains("slower than 4 KiB/s after the account's timeout")),
                recorder.errors.toString());
        onlyTheTargetIsMissing();
    }

    @Test
    void aListingWithoutEndEndsTheSyncWithAProtocolErrorAndChangesNothing() throws Exception {
        proxy.lie(LyingProxy.Lie.ENDLESS_LIST);
        Harness.Recorder recorder = sync(Status.PROTOCOL);
        assertTrue(recorder.errors.stream().anyMatch(e -> e.contains("sent more than mapisync takes in: the server "
                + "listed more than 10,000 folders, the most an account may have")), recorder.errors.toString());
        assertTrue(recorder.steps.stream().noneMatch(s -> s.startsWith("Connection lost")), "not retried");
        assertTrue(replica().folderPaths().stream().noneMatch(f -> f.toString().contains("flood")),
                "no folder of the flood: " + replica().folderPaths());
        assertTrue(replica().remoteIds(INBOX).isEmpty(), "nothing synchronized");
        proxy.lie(null);
        sync(Status.SUCCESS);
        assertEquals(3, compare(dovecot, replica(), Map.of("INBOX", INBOX)));
    }

    @Test
    void aServerThatServesFewerBytesThanItsSizeTheSameEachTimeGetsItsMessageStoredAsServed() throws Exception {
        // What a server that reports sizes too large looks like (Exchange estimates them): never storing would never sync.
        proxy.lie(LyingProxy.Lie.SHORT_ALIKE);
        Harness.Recorder recorder = sync(Status.SUCCESS);
        assertTrue(recorder.errors.stream().anyMatch(e -> e.contains("Inbox: 1 messages came with fewer bytes than the "
                + "server's own RFC822.SIZE, the same bytes twice")), "said once, as a warning: " + recorder.errors);
        MessageId stored = replica().messageByRemoteId(INBOX, target).orElseThrow();
        try (var in = replica().openMessage(INBOX, stored)) {
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(text.contains(MARKER), "stored as served");
        }
        assertFalse(sync(Status.SUCCESS).errors.stream().anyMatch(e -> e.contains("RFC822.SIZE")), "and not again");
    }
}
