package dev.mapisync.store.imap;

import static dev.mapisync.store.imap.DovecotMailbox.config;
import static dev.mapisync.store.imap.DovecotMailbox.multipart;
import static dev.mapisync.store.imap.FolderContents.assertSame;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mapisync.api.Status;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.sync.SyncFlag;
import dev.mapisync.store.local.DovecotServer;
import dev.mapisync.store.local.LocalStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replica served by a second, unrelated Dovecot (as a user would, to read it with any IMAP
 * client), and changed through it by Python's imaplib: a flag stored, a message deleted, one
 * copied to another folder and expunged (a move as mutt makes it), one appended, a folder
 * created with a message. After the next sync the account's server and the replica's files
 * hold the same messages with the same flags, folder by folder.
 */
class ReplicaServedByDovecotTest {

    private static final Set<SyncFlag> BOTH = EnumSet.of(SyncFlag.UPLOAD_HIERARCHY, SyncFlag.UPLOAD_CONTENTS,
            SyncFlag.DOWNLOAD_HIERARCHY, SyncFlag.DOWNLOAD_CONTENTS);

    private static final String CLIENT = String.join("\n",
            "import imaplib, sys",
            "m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))",
            "m.login(sys.argv[2], sys.argv[3])",
            "m.select('INBOX')",
            "ids = m.search(None, 'ALL')[1][0].split()",
            "assert len(ids) == 6, ids",
            "m.store(ids[0], '+FLAGS', '(\\\\Flagged \\\\Seen)')",
            "m.store(ids[1], '+FLAGS', '(\\\\Deleted)')",
            "m.copy(ids[2], 'Archive')",
            "m.store(ids[2], '+FLAGS', '(\\\\Deleted)')",
            "m.expunge()",
            "note = b'From: Ada <ada@example.org>\\r\\nSubject: through imaplib\\r\\n\\r\\nappended\\r\\n'",
            "m.append('INBOX', '(\\\\Seen)', None, note)",
            "m.create('Fresh')",
            "m.append('Fresh', None, None, note.replace(b'appended', b'filed'))",
            "m.logout()",
            "print('changed')");

    @TempDir
    Path work;

    @Test
    void changesMadeThroughASecondDovecotReachTheServer() throws Exception {
        try (DovecotAccount mail = new DovecotAccount(seed -> {
            LocalStore seeded = Harness.localStore(seed);
            seeded.createFolder(FolderPath.of("Archive"));
            for (int n = 1; n <= 6; n++) {
                seeded.appendMessage(FolderPath.of("Inbox"), new ByteArrayInputStream(multipart(n, 100)), Set.of());
            }
            seeded.close();
        })) {
            mail.use(config(mail.dovecot.port()));
            mail.sync(Status.SUCCESS, BOTH);
            // Dovecot's unprivileged processes must pass through to its configuration (a temporary folder is 0700).
            Files.setPosixFilePermissions(work, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            try (DovecotServer second = DovecotServer.start(mail.replicaFiles(), Files.createDirectories(
                    work.resolve("second")))) {
                Path script = work.resolve("client.py");
                Files.writeString(script, CLIENT);
                Process python = new ProcessBuilder("python3", script.toString(), Integer.toString(second.port()),
                        DovecotServer.USER, DovecotServer.PASSWORD).redirectErrorStream(true).start();
                assertEquals(true, python.waitFor(60, TimeUnit.SECONDS), "imaplib is done");
                String said = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, python.exitValue(), said + "\n" + second.diagnostics());
            }
            mail.sync(Status.SUCCESS, BOTH);
            assertSame(mail.dovecot, "INBOX", mail.replicaFiles());
            assertSame(mail.dovecot, "Archive", mail.replicaFiles().resolve(".Archive"));
            assertSame(mail.dovecot, "Fresh", mail.replicaFiles().resolve(".Fresh"));
            assertEquals(List.of(5, 1, 1), List.of(FolderContents.ofServer(mail.dovecot, "INBOX").size(),
                    FolderContents.ofServer(mail.dovecot, "Archive").size(),
                    FolderContents.ofServer(mail.dovecot, "Fresh").size()), "6 - deleted - moved + appended; moved; filed");
        }
    }
}
