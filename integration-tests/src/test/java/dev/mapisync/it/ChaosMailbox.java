package dev.mapisync.it;

import dev.mapisync.store.local.DovecotServer;
import dev.mapisync.store.local.LocalStore;
import dev.mapisync.store.local.LocalStores;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.angus.mail.imap.IMAPMessage;

/**
 * The chaos suite's mail server: a real Dovecot on 127.0.0.1 serving a seeded mailbox of
 * three folders, changed behind the host's back as other mail clients change it, and read
 * whole (every message's content digest and flags, by UID) to compare a replica with.
 */
final class ChaosMailbox implements AutoCloseable {

    /** The seeded folders and how many messages each starts with. */
    static final Map<String, Integer> FOLDERS = Map.of("INBOX", 600, "Archive", 500, "Projects", 400);

    /** One message on the server: its content's SHA-256 and its flags as Maildir letters (sorted). */
    record Seen(String digest, String flags) {
    }

    /** One folder on the server: its UIDVALIDITY and each message by UID. */
    record FolderState(long validity, Map<Long, Seen> messages) {
    }

    private final DovecotServer dovecot;
    private int next = 100_000;

    private ChaosMailbox(DovecotServer dovecot) {
        this.dovecot = dovecot;
    }

    /** Seeds a Maildir++ mailbox under {@code work} and serves it. */
    static ChaosMailbox start(Path work, long seed) throws Exception {
        Path mail = Files.createDirectories(work.resolve("mail"));
        LocalStore seeding = localStore(mail);
        Random random = new Random(seed);
        int n = 0;
        for (Map.Entry<String, Integer> folder : new TreeMap<>(FOLDERS).entrySet()) {
            dev.mapisync.api.message.FolderPath path = folder.getKey().equals("INBOX")
                    ? dev.mapisync.api.message.FolderPath.of("Inbox") : dev.mapisync.api.message.FolderPath.of(folder.getKey());
            if (!folder.getKey().equals("INBOX")) {
                seeding.createFolder(path);
            }
            for (int i = 0; i < folder.getValue(); i++) {
                seeding.appendMessage(path, new ByteArrayInputStream(message(n++, random)), Set.of());
            }
        }
        seeding.close();
        // Dovecot's unprivileged processes must pass through the work folder (a temporary folder is 0700).
        Files.setPosixFilePermissions(work, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path served = Files.createDirectories(work.resolve("dovecot"));
        return new ChaosMailbox(DovecotServer.start(mail.resolve("default"), served));
    }

    /** The default store the tests write through, outside any framework. */
    static LocalStore localStore(Path data) throws Exception {
        return LocalStores.at(data);
    }

    /** A seeded message: unique by its number, of 200 bytes to about 20 kB. */
    static byte[] message(int n, Random random) {
        StringBuilder body = new StringBuilder();
        int lines = 2 + random.nextInt(random.nextInt(10) == 0 ? 300 : 30);
        for (int i = 0; i < lines; i++) {
            body.append("line ").append(i).append(" of message ").append(n).append(' ').append(random.nextLong()).append("\r\n");
        }
        return ("From: sender" + (n % 17) + "@example.org\r\nTo: ada@example.org\r\nSubject: chaos message " + n
                + "\r\nMessage-ID: <chaos-" + n + "@example.org>\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
    }

    int port() {
        return dovecot.port();
    }

    String diagnostics() throws Exception {
        return dovecot.diagnostics();
    }

    Store client() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("mail.imap.host", "127.0.0.1");
        properties.setProperty("mail.imap.port", Integer.toString(dovecot.port()));
        properties.setProperty("mail.imap.peek", "true");
        Store store = Session.getInstance(properties).getStore("imap");
        store.connect(DovecotServer.USER, DovecotServer.PASSWORD);
        return store;
    }

    /** Delivers {@code count} new messages into a folder, as mail arriving does. */
    void deliver(String folder, int count, Random random) throws Exception {
        try (Store client = client()) {
            Folder target = client.getFolder(folder);
            Message[] batch = new Message[count];
            for (int i = 0; i < count; i++) {
                batch[i] = new MimeMessage(null, new ByteArrayInputStream(message(next++, random)));
            }
            target.appendMessages(batch);
        }
    }

    /** Changes flags of {@code flagged} random messages and expunges {@code expunged} others, over every folder. */
    void changeFlagsAndExpunge(int flagged, int expunged, Random random) throws Exception {
        Flags.Flag[] choices = {Flags.Flag.SEEN, Flags.Flag.FLAGGED, Flags.Flag.ANSWERED, Flags.Flag.DRAFT};
        try (Store client = client()) {
            List<String> names = new ArrayList<>(new TreeSet<>(FOLDERS.keySet()));
            for (String name : names) {
                Folder folder = client.getFolder(name);
                folder.open(Folder.READ_WRITE);
                Message[] all = folder.getMessages();
                for (int i = 0; i < flagged / names.size() && all.length > 0; i++) {
                    Message message = all[random.nextInt(all.length)];
                    message.setFlag(choices[random.nextInt(choices.length)], random.nextBoolean());
                }
                for (int i = 0; i < expunged / names.size() && all.length > 0; i++) {
                    all[random.nextInt(all.length)].setFlag(Flags.Flag.DELETED, true);
                }
                folder.close(true);
            }
        }
    }

    /** @return every folder that holds messages, as the server holds it now */
    Map<String, FolderState> snapshot() throws Exception {
        Map<String, FolderState> folders = new LinkedHashMap<>();
        try (Store client = client()) {
            for (Folder folder : client.getDefaultFolder().list("*")) {
                if ((folder.getType() & Folder.HOLDS_MESSAGES) == 0) {
                    continue;
                }
                folder.open(Folder.READ_ONLY);
                Map<Long, Seen> messages = new TreeMap<>();
                for (Message message : folder.getMessages()) {
                    long uid = ((UIDFolder) folder).getUID(message);
                    try (InputStream content = ((IMAPMessage) message).getMimeStream()) {
                        messages.put(uid, new Seen(digest(content.readAllBytes()), letters(message.getFlags())));
                    }
                }
                folders.put(folder.getFullName(), new FolderState(((UIDFolder) folder).getUIDValidity(), messages));
                folder.close(false);
            }
        }
        return folders;
    }

    static String digest(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    /** @return the flags as Maildir's letters, sorted, as a replica's file name carries them */
    private static String letters(Flags flags) {
        StringBuilder letters = new StringBuilder();
        if (flags.contains(Flags.Flag.DRAFT)) {
            letters.append('D');
        }
        if (flags.contains(Flags.Flag.FLAGGED)) {
            letters.append('F');
        }
        if (flags.contains(Flags.Flag.ANSWERED)) {
            letters.append('R');
        }
        if (flags.contains(Flags.Flag.SEEN)) {
            letters.append('S');
        }
        if (flags.contains(Flags.Flag.DELETED)) {
            letters.append('T');
        }
        return letters.toString();
    }

    @Override
    public void close() throws Exception {
        dovecot.close();
    }
}
