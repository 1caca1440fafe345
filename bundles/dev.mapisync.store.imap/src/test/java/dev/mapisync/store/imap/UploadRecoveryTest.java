package dev.mapisync.store.imap;

import static dev.mapisync.store.imap.DovecotMailbox.client;
import static dev.mapisync.store.imap.DovecotMailbox.compare;
import static dev.mapisync.store.imap.DovecotMailbox.config;
import static dev.mapisync.store.imap.DovecotMailbox.seedOneMessageEach;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapisync.api.Status;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.store.Replica;
import dev.mapisync.api.sync.SyncFlag;
import dev.mapisync.store.local.DovecotServer;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An upload cut short between the server doing it and the store hearing so (the connection
 * drops once the command went out; the server's answer never comes back) is not done twice:
 * the retry finds the appended or moved message where the server put it and takes its UID.
 * Dovecot serves; a proxy in front of it cuts.
 */
class UploadRecoveryTest {

    private static final Set<SyncFlag> BOTH = EnumSet.of(SyncFlag.UPLOAD_HIERARCHY, SyncFlag.UPLOAD_CONTENTS,
            SyncFlag.DOWNLOAD_HIERARCHY, SyncFlag.DOWNLOAD_CONTENTS);
    private static final FolderPath INBOX = FolderPath.of("Inbox");
    private static final FolderPath ARCHIVE = FolderPath.of("Archive");

    private DovecotAccount mail;
    private DovecotServer dovecot;
    private CuttableProxy proxy;

    @BeforeEach
    void start() throws Exception {
        mail = new DovecotAccount(seed -> seedOneMessageEach(seed, List.of(INBOX, ARCHIVE, FolderPath.of("Other"))));
        dovecot = mail.dovecot;
        proxy = new CuttableProxy(dovecot.port());
        mail.use(config(proxy.port()));
        sync();
    }

    @AfterEach
    void stop() throws Exception {
        mail.close();
        proxy.close();
    }

    private Harness.Recorder sync() throws Exception {
        return mail.sync(Status.SUCCESS, BOTH);
    }

    private Replica replica() throws Exception {
        return mail.replica();
    }

    /** @return how many messages of the server folder hold the text */
    private int onServer(String folder, String text) throws Exception {
        int count = 0;
        try (Store client = client(dovecot)) {
            Folder open = client.getFolder(folder);
            open.open(Folder.READ_ONLY);
            for (Message message : open.getMessages()) {
                java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                message.writeTo(bytes);
                count += bytes.toString(StandardCharsets.UTF_8).contains(text) ? 1 : 0;
            }
            open.close(false);
        }
        return count;
    }

    @Test
    void anAppendWhoseAnswerNeverCameIsNotAppendedAgain() throws Exception {
        String draft = "From: ada@example.org\r\nTo: bob@example.org\r\nSubject: written offline\r\n\r\nOnce, please.\r\n";
        replica().appendMessage(INBOX, new ByteArrayInputStream(draft.getBytes(StandardCharsets.US_ASCII)),
                Set.of(MessageFlag.SEEN));
        proxy.cutAfter("APPEND", Duration.ofMillis(500));
        Harness.Recorder recorder = sync();
        assertEquals(2, recorder.steps.stream().filter(s -> s.startsWith("Uploading: append Inbox")).count(),
                "the cut was felt, and the upload tried again: " + recorder.steps);
        assertEquals(1, onServer("INBOX", "Once, please."), "appended once");
        assertEquals(2, compare(dovecot, replica(), Map.of("INBOX", INBOX)), "and held once, under its UID");
        assertTrue(replica().pendingChanges().isEmpty());
    }

    @Test
    void aMoveWhoseAnswerNeverCameIsNotMadeAgain() throws Exception {
        MessageId first = replica().messages(INBOX).get(0).id();
        replica().moveMessage(INBOX, first, ARCHIVE);
        proxy.cutAfter("MOVE", Duration.ofMillis(500));
        Harness.Recorder recorder = sync();
        assertEquals(2, recorder.steps.stream().filter(s -> s.startsWith("Uploading: move Inbox")).count(),
                "the cut was felt, and the upload tried again: " + recorder.steps);
        assertEquals(2, compare(dovecot, replica(), Map.of("INBOX", INBOX, "Archive", ARCHIVE)),
                "the message is in Archive once, on the server and in the replica, and no longer in the Inbox");
        assertTrue(replica().messages(INBOX).isEmpty());
        assertTrue(replica().pendingChanges().isEmpty());
    }
}
