package dev.mapisync.store.imap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.store.Replica;
import dev.mapisync.store.local.DovecotServer;
import dev.mapisync.store.local.LocalStore;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What the tests against a real Dovecot share: seeded messages, a seeded mailbox, the test
 * account's configuration, a plain IMAP client to change the server behind the store's back,
 * and the comparison of a replica with the server, byte for byte and flag for flag.
 */
final class DovecotMailbox {

    private DovecotMailbox() {
    }

    /** A seeded multipart message with non-ASCII headers and body, and an attachment of the given size. */
    static byte[] multipart(int n, int attachmentBytes) {
        byte[] attachment = new byte[attachmentBytes];
        new Random(n).nextBytes(attachment);
        String encoded = Base64.getMimeEncoder().encodeToString(attachment);
        String text = "From: Björn <bjoern@example.org>\r\nTo: ada@example.org\r\nSubject: =?UTF-8?Q?Bericht_=C3=BCber_" + n
                + "?=\r\nMessage-ID: <report-" + n + "@example.org>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b" + n + "\"\r\n\r\n"
                + "--b" + n + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + "Grüße, anbei die Zahlen (" + n + ").\r\n"
                + "--b" + n + "\r\nContent-Type: application/octet-stream; name=\"zahlen-" + n + ".bin\"\r\n"
                + "Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment\r\n\r\n" + encoded + "\r\n"
                + "--b" + n + "--\r\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Seeds the Maildir++ mailbox Dovecot will serve ({@code seed/default}) with one message in each folder. */
    static void seedOneMessageEach(Path seed, List<FolderPath> folders) throws Exception {
        LocalStore seeded = Harness.localStore(seed);
        int n = 30;
        for (FolderPath folder : folders) {
            if (!folder.equals(FolderPath.of("Inbox"))) {
                seeded.createFolder(folder);
            }
            seeded.appendMessage(folder, new ByteArrayInputStream(multipart(n++, 100)), Set.of());
        }
        seeded.close();
    }

    /** @return INBOX and Folder1 to Folder{@code n}: each replica folder by its server name, in that order */
    static Map<String, FolderPath> inboxAndFolders(int n) {
        Map<String, FolderPath> byServerName = new java.util.LinkedHashMap<>();
        byServerName.put("INBOX", FolderPath.of("Inbox"));
        for (int i = 1; i <= n; i++) {
            byServerName.put("Folder" + i, FolderPath.of("Folder" + i));
        }
        return byServerName;
    }

    /** The test Dovecot's account, reached on {@code port} (Dovecot's own or a proxy's). */
    static TestConfig config(int port) {
        TestConfig config = new TestConfig();
        config.port = port;
        config.user = DovecotServer.USER;
        config.password = DovecotServer.PASSWORD;
        return config;
    }

    /** A plain IMAP client on the server, to change it behind the store's back. */
    static Store client(DovecotServer dovecot) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("mail.imap.host", "127.0.0.1");
        properties.setProperty("mail.imap.port", Integer.toString(dovecot.port()));
        Store store = Session.getInstance(properties).getStore("imap");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (;;) {
            try {
                store.connect(DovecotServer.USER, DovecotServer.PASSWORD);
                return store;
            } catch (jakarta.mail.AuthenticationFailedException e) {
                // A server that allows one connection may not have seen the last one go yet.
                if (!String.valueOf(e.getMessage()).contains("[LIMIT]") || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    /** Appends a seeded message to a server folder, as another client would. */
    static void deliver(DovecotServer dovecot, String folder, int n) throws Exception {
        try (Store client = client(dovecot)) {
            client.getFolder(folder).appendMessages(new Message[] {new MimeMessage(null,
                    new ByteArrayInputStream(multipart(n, 100)))});
        }
    }

    /** Flags the first message of each folder on the server, as another client would. */
    static void flagFirstMessage(DovecotServer dovecot, String... folders) throws Exception {
        try (Store client = client(dovecot)) {
            for (String name : folders) {
                Folder folder = client.getFolder(name);
                folder.open(Folder.READ_WRITE);
                folder.getMessages()[0].setFlag(Flags.Flag.FLAGGED, true);
                folder.close(false);
            }
        }
    }

    /**
     * Compares replica folders with the server's, by server name: as many messages, each the
     * server's byte for byte under its UID, with the server's flags.
     *
     * @return how many messages were compared
     */
    static int compare(DovecotServer dovecot, Replica replica, Map<String, FolderPath> folders) throws Exception {
        int compared = 0;
        try (Store client = client(dovecot)) {
            for (Map.Entry<String, FolderPath> entry : folders.entrySet()) {
                Folder folder = client.getFolder(entry.getKey());
                folder.open(Folder.READ_ONLY);
                Map<String, MessageId> local = replica.remoteIds(entry.getValue());
                assertEquals(folder.getMessageCount(), local.size(), entry.getKey() + " holds as many messages");
                assertEquals(local.size(), replica.messages(entry.getValue()).size(), entry.getKey()
                        + " holds nothing but the server's messages");
                for (Message message : folder.getMessages()) {
                    long uid = ((UIDFolder) folder).getUID(message);
                    MessageId id = local.get(Long.toString(uid));
                    ByteArrayOutputStream server = new ByteArrayOutputStream();
                    message.writeTo(server);
                    byte[] mine;
                    try (var in = replica.openMessage(entry.getValue(), id)) {
                        mine = in.readAllBytes();
                    }
                    assertArrayEquals(server.toByteArray(), mine, entry.getKey() + " UID " + uid + " byte for byte");
                    assertEquals(ServerFlags.of(message.getFlags()), replica.message(entry.getValue(), id).flags(),
                            entry.getKey() + " UID " + uid + " flags");
                    compared++;
                }
                folder.close(false);
            }
        }
        return compared;
    }
}
