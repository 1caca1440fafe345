package dev.mapisync.store.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mapisync.store.local.DovecotServer;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A folder's contents as a sorted list of {@code <sha-256 of the message> <flag letters>},
 * one line per message, read two ways that share no code with the store: the replica's
 * Maildir files as they lie on disk, and the server's folder through a plain IMAP client.
 * Equal lists mean the same messages, each once, with the same flags.
 */
final class FolderContents {

    private FolderContents() {
    }

    /** @param directory the folder's maildir (the replica's root for the Inbox, {@code .Name} beside it for a folder) */
    static List<String> ofFiles(Path directory) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String sub : List.of("cur", "new")) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory.resolve(sub))) {
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    int info = name.indexOf(":2,");
                    lines.add(line(Files.readAllBytes(file), info < 0 ? "" : name.substring(info + 3)));
                }
            }
        }
        Collections.sort(lines);
        return lines;
    }

    static List<String> ofServer(DovecotServer dovecot, String folderName) throws Exception {
        List<String> lines = new ArrayList<>();
        try (Store client = DovecotMailbox.client(dovecot)) {
            Folder folder = client.getFolder(folderName);
            folder.open(Folder.READ_ONLY);
            for (Message message : folder.getMessages()) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                message.writeTo(bytes);
                StringBuilder letters = new StringBuilder();
                ServerFlags.of(message.getFlags()).forEach(flag -> letters.append(flag.maildirLetter()));
                lines.add(line(bytes.toByteArray(), letters.toString()));
            }
            folder.close(false);
        }
        Collections.sort(lines);
        return lines;
    }

    private static String line(byte[] content, String letters) {
        char[] sorted = letters.replaceAll("[^DFRST]", "").toCharArray();
        java.util.Arrays.sort(sorted);
        return UploadNote.digest(UploadNote.canonical(content)) + " " + new String(sorted);
    }

    /** Asserts that the replica's folder and the server's hold the same messages, each once, with the same flags. */
    static void assertSame(DovecotServer dovecot, String serverName, Path replicaDirectory) throws Exception {
        assertEquals(ofServer(dovecot, serverName), ofFiles(replicaDirectory),
                serverName + ": the server's folder and the replica's files hold the same messages and flags");
    }
}
