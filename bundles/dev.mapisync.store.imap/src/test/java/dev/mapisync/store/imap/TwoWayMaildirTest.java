package dev.mapisync.store.imap;

import static dev.mapisync.store.imap.DovecotMailbox.client;
import static dev.mapisync.store.imap.DovecotMailbox.config;
import static dev.mapisync.store.imap.DovecotMailbox.deliver;
import static dev.mapisync.store.imap.DovecotMailbox.multipart;
import static dev.mapisync.store.imap.FolderContents.assertSame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapisync.api.Status;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.sync.SyncFlag;
import dev.mapisync.store.local.LocalStore;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The replica as one side of a two-way sync: Dovecot serves the account, the replica's files
 * are changed as mutt and other Maildir software change them (a rename for a flag, a file
 * removed, a file moved between folders' {@code cur/}, a message delivered into {@code new/},
 * a folder made or removed with directory commands), and after the next sync the server's
 * folders and the replica's files hold the same messages with the same flags, read
 * independently of the store ({@link FolderContents}). Each conflict rule of the README has
 * its own case; the deletion safety holds a folder that was suddenly emptied.
 */
class TwoWayMaildirTest {

    private static final Set<SyncFlag> BOTH = EnumSet.of(SyncFlag.UPLOAD_HIERARCHY, SyncFlag.UPLOAD_CONTENTS,
            SyncFlag.DOWNLOAD_HIERARCHY, SyncFlag.DOWNLOAD_CONTENTS);
    private static final FolderPath INBOX = FolderPath.of("Inbox");
    private static final FolderPath ARCHIVE = FolderPath.of("Archive");

    private DovecotAccount mail;
    private TestConfig config;

    @BeforeEach
    void start() throws Exception {
        mail = new DovecotAccount(seed -> {
            LocalStore seeded = Harness.localStore(seed);
            seeded.createFolder(ARCHIVE);
            for (int n = 1; n <= 6; n++) {
                seeded.appendMessage(INBOX, new ByteArrayInputStream(multipart(n, 100)), Set.of());
            }
            for (int n = 7; n <= 8; n++) {
                seeded.appendMessage(ARCHIVE, new ByteArrayInputStream(multipart(n, 100)), Set.of(MessageFlag.SEEN));
            }
            seeded.close();
        });
        config = config(mail.dovecot.port());
        mail.use(config);
        mail.sync(Status.SUCCESS, BOTH);
        agree();
    }

    @AfterEach
    void stop() throws Exception {
        mail.close();
    }

    private Path inbox() {
        return mail.replicaFiles();
    }

    private Path folder(String name) {
        return mail.replicaFiles().resolve("." + name);
    }

    /** Asserts that server and replica agree in every folder this test uses. */
    private void agree() throws Exception {
        assertSame(mail.dovecot, "INBOX", inbox());
        assertSame(mail.dovecot, "Archive", folder("Archive"));
    }

    /** @return the replica's file of the message with server UID {@code uid} */
    private static Path fileOf(Path folder, long uid) throws Exception {
        try (Stream<Path> files = Files.list(folder.resolve("cur"))) {
            return files.filter(f -> f.getFileName().toString().matches(".*,R=\\d+-" + uid + "(,.*|:.*)"))
                    .findFirst().orElseThrow(() -> new AssertionError("no file of UID " + uid + " in " + folder));
        }
    }

    /** Renames a message file to carry other flag letters, as a Maildir client marks a message. */
    private static void setLetters(Path file, String letters) throws Exception {
        String name = file.getFileName().toString();
        Files.move(file, file.resolveSibling(name.substring(0, name.indexOf(":2,") + 3) + letters));
    }

    private static String message(String subject) {
        return "From: Ada <ada@example.org>\r\nTo: bob@example.org\r\nSubject: " + subject + "\r\nMessage-ID: <"
                + subject.hashCode() + "@example.org>\r\n\r\nwritten by hand\r\n";
    }

    private void onServer(String folderName, ServerChange change) throws Exception {
        try (Store client = client(mail.dovecot)) {
            Folder folder = client.getFolder(folderName);
            folder.open(Folder.READ_WRITE);
            change.make(folder);
            folder.close(true);
        }
    }

    @FunctionalInterface
    private interface ServerChange {
        void make(Folder folder) throws Exception;
    }

    static void deleteTree(Path root) throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path path : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static Message byUid(Folder folder, long uid) throws Exception {
        return ((UIDFolder) folder).getMessageByUID(uid);
    }

    @Test
    void fileChangesAsMuttMakesThemReachTheServer() throws Exception {
        setLetters(fileOf(inbox(), 1), "FS");
        Files.delete(fileOf(inbox(), 2));
        Path moved = fileOf(inbox(), 3);
        Files.move(moved, folder("Archive").resolve("cur").resolve(moved.getFileName()));
        setLetters(fileOf(inbox(), 4), "T");
        Files.writeString(inbox().resolve("new").resolve("1764000000.M1P1.mutt"), message("delivered"));
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(folder("Notes").resolve(sub));
        }
        Files.writeString(folder("Notes").resolve("cur").resolve("1764000001.M2P2.mutt:2,S"), message("a note"));

        Harness.Recorder recorder = mail.sync(Status.SUCCESS, BOTH);
        assertTrue(recorder.steps.stream().anyMatch(s -> s.startsWith("Uploading: move")), recorder.steps.toString());
        agree();
        assertSame(mail.dovecot, "Notes", folder("Notes"));
        assertEquals(5, FolderContents.ofServer(mail.dovecot, "INBOX").size(), "6 - deleted - moved + delivered");
        assertEquals(3, FolderContents.ofServer(mail.dovecot, "Archive").size());

        Harness.Recorder again = mail.sync(Status.SUCCESS, BOTH);
        assertFalse(again.steps.stream().anyMatch(s -> s.startsWith("Uploading")), "nothing twice: " + again.steps);
        agree();
    }

    @Test
    void flagsChangedOnBothSidesKeepTheUnion() throws Exception {
        onServer("INBOX", folder -> byUid(folder, 1).setFlag(Flags.Flag.SEEN, true));
        mail.sync(Status.SUCCESS, BOTH);
        // Here Seen is removed and Flagged added; there Answered is added, Seen kept.
        setLetters(fileOf(inbox(), 1), "F");
        onServer("INBOX", folder -> byUid(folder, 1).setFlag(Flags.Flag.ANSWERED, true));
        mail.sync(Status.SUCCESS, BOTH);
        agree();
        assertEquals(":2,FRS", fileOf(inbox(), 1).getFileName().toString().replaceAll(".*(:2,.*)", "$1"),
                "the union: Seen removed on one side and kept on the other stays");
    }

    @Test
    void aMessageDeletedHereAndChangedOnTheServerSurvivesOnBoth() throws Exception {
        Files.delete(fileOf(inbox(), 2));
        onServer("INBOX", folder -> byUid(folder, 2).setFlag(Flags.Flag.FLAGGED, true));
        mail.sync(Status.SUCCESS, BOTH);
        agree();
        assertEquals(6, FolderContents.ofServer(mail.dovecot, "INBOX").size(), "kept on the server");
        assertTrue(fileOf(inbox(), 2).getFileName().toString().endsWith(":2,F"), "and back here, with the server's flag");
    }

    @Test
    void aMessageChangedHereAndDeletedOnTheServerSurvivesOnBoth() throws Exception {
        List<String> before = FolderContents.ofFiles(inbox());
        setLetters(fileOf(inbox(), 3), "F");
        onServer("INBOX", folder -> byUid(folder, 3).setFlag(Flags.Flag.DELETED, true));
        mail.sync(Status.SUCCESS, BOTH);
        agree();
        assertEquals(6, FolderContents.ofServer(mail.dovecot, "INBOX").size(), "appended again on the server");
        assertEquals(before.size(), FolderContents.ofFiles(inbox()).size(), "held once here");
    }

    @Test
    void aFolderRemovedHereThatReceivedMailOnTheServerSurvivesOnBoth() throws Exception {
        deleteTree(folder("Archive"));
        deliver(mail.dovecot, "Archive", 40);
        mail.sync(Status.SUCCESS, BOTH);
        agree();
        assertEquals(3, FolderContents.ofFiles(folder("Archive")).size(), "the folder is back, with its new message");
    }

    @Test
    void aFolderRemovedOnTheServerThatReceivedMailHereSurvivesOnBoth() throws Exception {
        try (Store client = client(mail.dovecot)) {
            client.getFolder("Archive").delete(true);
        }
        Files.writeString(folder("Archive").resolve("new").resolve("1764000002.M3P3.mutt"), message("filed here"));
        mail.sync(Status.SUCCESS, BOTH);
        agree();
        assertEquals(1, FolderContents.ofServer(mail.dovecot, "Archive").size(), "made again, with the message filed here");
    }

    @Test
    void aFolderSuddenlyEmptiedIsHeldUntilTheDeletionsAreConfirmed() throws Exception {
        for (int n = 0; n < 20; n++) {
            deliver(mail.dovecot, "INBOX", 100 + n);
        }
        mail.sync(Status.SUCCESS, BOTH);
        try (Stream<Path> files = Files.list(inbox().resolve("cur"))) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Harness.Recorder held = mail.sync(Status.PARTIAL, BOTH);
        assertTrue(held.errors.toString().contains("26 of its 26 messages")
                && held.errors.toString().contains("confirmDeletions"), held.errors.toString());
        assertEquals(26, FolderContents.ofServer(mail.dovecot, "INBOX").size(), "nothing is deleted on the server");
        assertEquals(0, FolderContents.ofFiles(inbox()).size(), "nor filled again here");
        assertSame(mail.dovecot, "Archive", folder("Archive"));

        config.confirmDeletions = new String[] {"Inbox"};
        mail.use(config);
        mail.sync(Status.SUCCESS, BOTH);
        assertEquals(0, FolderContents.ofServer(mail.dovecot, "INBOX").size(), "confirmed, the deletions go up");
        agree();
    }
}
