package dev.mapisync.store.imap;

import static dev.mapisync.store.imap.DovecotMailbox.client;
import static dev.mapisync.store.imap.DovecotMailbox.compare;
import static dev.mapisync.store.imap.DovecotMailbox.config;
import static dev.mapisync.store.imap.DovecotMailbox.deliver;
import static dev.mapisync.store.imap.DovecotMailbox.seedOneMessageEach;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapisync.api.Status;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.store.Replica;
import dev.mapisync.api.sync.SyncFlag;
import dev.mapisync.store.local.DovecotServer;
import jakarta.mail.Folder;
import jakarta.mail.Store;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A folder kept selected between syncs is never trusted past a change of its identity. The
 * connection that holds it cannot tell: Dovecot answers its NOOP, and even its STATUS, from
 * the folder as it was when selected. Each case changes a folder on the server while the
 * store keeps it selected, then delivers mail into the folder of that name; the next syncs
 * must make the replica the server's, folder for folder.
 */
class KeptFolderIdentityTest {

    private static final Set<SyncFlag> DOWN = EnumSet.of(SyncFlag.DOWNLOAD_HIERARCHY, SyncFlag.DOWNLOAD_CONTENTS);
    private static final FolderPath INBOX = FolderPath.of("Inbox");
    private static final FolderPath ALPHA = FolderPath.of("Alpha");

    private DovecotAccount mail;
    private DovecotServer dovecot;
    private CuttableProxy silent;

    @BeforeEach
    void start() throws Exception {
        mail = new DovecotAccount(seed -> seedOneMessageEach(seed, List.of(INBOX, ALPHA, FolderPath.of("Gamma"))));
        dovecot = mail.dovecot;
        // Dovecot tells the holder of a folder deleted under it "* NO Internal error" at its next NOOP; a server owes it
        // nothing (RFC 3501 leaves it open), so the store must find out without that.
        silent = new CuttableProxy(dovecot.port());
        silent.silence("* NO ");
    }

    @AfterEach
    void stop() throws Exception {
        mail.close();
        silent.close();
    }

    /** Syncs, expecting success; a first sync leaves every folder selected on a connection of its own. */
    private void sync() throws Exception {
        mail.sync(Status.SUCCESS, DOWN);
    }

    private void connectionForEveryFolder() throws Exception {
        TestConfig config = config(silent.port());
        config.connections = 10; // more than the folders: each stays selected on a connection of its own
        mail.use(config);
        sync();
    }

    private Replica replica() throws Exception {
        return mail.replica();
    }

    @Test
    void aFolderDeletedAndMadeAgainIsSyncedAnew() throws Exception {
        connectionForEveryFolder();
        try (Store client = client(dovecot)) {
            Folder alpha = client.getFolder("Alpha");
            alpha.delete(true);
            alpha.create(Folder.HOLDS_MESSAGES);
        }
        deliver(dovecot, "Alpha", 60);
        sync();
        assertEquals(1, compare(dovecot, replica(), Map.of("Alpha", ALPHA)), "the new folder's message, not the old one");
        deliver(dovecot, "Alpha", 61);
        sync();
        assertEquals(2, compare(dovecot, replica(), Map.of("Alpha", ALPHA)), "and mail that arrives in it later");
    }

    @Test
    void aFolderDeletedAndMadeAgainEmptyIsSyncedAnewAndGetsItsLaterMail() throws Exception {
        connectionForEveryFolder();
        try (Store client = client(dovecot)) {
            Folder alpha = client.getFolder("Alpha");
            alpha.delete(true);
            alpha.create(Folder.HOLDS_MESSAGES);
        }
        sync();
        assertEquals(0, compare(dovecot, replica(), Map.of("Alpha", ALPHA)), "the new folder is empty");
        for (int n = 66; n < 68; n++) {
            deliver(dovecot, "Alpha", n);
            sync();
            assertEquals(n - 65, compare(dovecot, replica(), Map.of("Alpha", ALPHA)), "mail that arrives later");
        }
    }

    @Test
    void aOneFolderAccountHasASecondConnectionConfirmItsFolder() throws Exception {
        TestConfig config = config(silent.port());
        config.include = new String[] {"Alpha"}; // one folder: no other connection holds one to ask from
        mail.use(config);
        sync();
        silent.takeSent();
        sync();
        String quiet = silent.takeSent();
        assertFalse(quiet.contains("EXAMINE"), "confirmed, not selected again: " + quiet);
        assertTrue(quiet.contains("STATUS Alpha"), "by a second connection: " + quiet);
        try (Store client = client(dovecot)) {
            Folder alpha = client.getFolder("Alpha");
            alpha.delete(true);
            alpha.create(Folder.HOLDS_MESSAGES);
        }
        deliver(dovecot, "Alpha", 68);
        sync();
        assertEquals(1, compare(dovecot, replica(), Map.of("Alpha", ALPHA)), "the new folder's message, not the old one");
    }

    @Test
    void aFolderRenamedOnTheServerComesUnderItsNewName() throws Exception {
        connectionForEveryFolder();
        try (Store client = client(dovecot)) {
            assertTrue(client.getFolder("Alpha").renameTo(client.getFolder("Beta")));
        }
        deliver(dovecot, "Beta", 62);
        sync();
        assertFalse(replica().folderPaths().contains(ALPHA), "the old name is gone");
        assertEquals(2, compare(dovecot, replica(), Map.of("Beta", FolderPath.of("Beta"))));
        deliver(dovecot, "Beta", 63);
        sync();
        assertEquals(3, compare(dovecot, replica(), Map.of("Beta", FolderPath.of("Beta"))));
    }

    @Test
    void aFolderWhoseNameNowNamesAnotherIsSyncedAnew() throws Exception {
        connectionForEveryFolder();
        try (Store client = client(dovecot)) {
            // No folder is deleted: the name Alpha now names what was Gamma, with Gamma's UIDVALIDITY.
            assertTrue(client.getFolder("Alpha").renameTo(client.getFolder("Old")));
            assertTrue(client.getFolder("Gamma").renameTo(client.getFolder("Alpha")));
        }
        deliver(dovecot, "Alpha", 64);
        sync();
        assertEquals(2, compare(dovecot, replica(), Map.of("Alpha", ALPHA, "Old", FolderPath.of("Old"))) - 1,
                "Alpha holds what the server's Alpha holds, Old the old one");
        deliver(dovecot, "Alpha", 65);
        sync();
        assertEquals(3, compare(dovecot, replica(), Map.of("Alpha", ALPHA)));
    }

    @Test
    void withTheFoldersStandingInTheListingAFolderMadeAnewIsSyncedAnewEachTime() throws Exception {
        TestConfig config = config(silent.port());
        config.connections = 1; // fewer than the folders: their standing comes with the listing (LIST-STATUS)
        mail.use(config);
        sync();
        // Twice: after the first, Alpha is the folder the one connection synchronized last.
        for (int round = 1; round <= 2; round++) {
            try (Store client = client(dovecot)) {
                Folder folder = client.getFolder("Alpha");
                folder.delete(true);
                folder.create(Folder.HOLDS_MESSAGES);
            }
            deliver(dovecot, "Alpha", 70 + round);
            sync();
            assertEquals(1, compare(dovecot, replica(), Map.of("Alpha", ALPHA)), "round " + round);
        }
    }
}
