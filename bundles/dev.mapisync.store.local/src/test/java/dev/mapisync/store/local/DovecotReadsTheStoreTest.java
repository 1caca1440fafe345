package dev.mapisync.store.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.store.WellKnownFolder;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real mail software reads what mapisync writes: Dovecot serves a store mapisync wrote, and
 * every message (byte for byte) and flag read back over IMAP matches.
 */
class DovecotReadsTheStoreTest {

    @TempDir
    Path data;

    @TempDir
    Path work;

    private record Expected(String folder, byte[] content, Set<MessageFlag> flags) {
    }

    @Test
    void everyMessageAndFlagMatchesOverImap() throws Exception {
        Map<String, Expected> expected = new HashMap<>();
        LocalStore store = new LocalStore(data);
        FolderPath projects = FolderPath.of("Projekte");
        FolderPath overview = projects.child("Übersicht & Pläne");
        // Not "Release v1.2": Dovecot's default Maildir++ has no way to hold a '.' inside a name (see README).
        FolderPath dotted = FolderPath.of("Release v1", "Ünterordner");
        store.createFolder(dotted.parent());
        store.createFolder(projects);
        store.createFolder(overview);
        store.createFolder(dotted);
        Object[][] messages = {
            {WellKnownFolder.INBOX.path(), EnumSet.noneOf(MessageFlag.class)},
            {WellKnownFolder.INBOX.path(), EnumSet.of(MessageFlag.SEEN, MessageFlag.FLAGGED)},
            {WellKnownFolder.SENT_ITEMS.path(), EnumSet.of(MessageFlag.SEEN, MessageFlag.ANSWERED)},
            {WellKnownFolder.DRAFTS.path(), EnumSet.of(MessageFlag.DRAFT)},
            {overview, EnumSet.of(MessageFlag.SEEN)},
            {dotted, EnumSet.of(MessageFlag.DELETED, MessageFlag.SEEN)},
        };
        int n = 0;
        for (Object[] m : messages) {
            FolderPath folder = (FolderPath) m[0];
            @SuppressWarnings("unchecked")
            Set<MessageFlag> flags = (Set<MessageFlag>) m[1];
            String subject = "Nachricht " + (++n) + " – grüße";
            byte[] content = ("From: Ada <ada@example.org>\r\nTo: bob@example.org\r\nSubject: " + subject
                    + "\r\nMessage-ID: <m" + n + "@example.org>\r\nMIME-Version: 1.0\r\n"
                    + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                    + "Grüße aus dem Ordner " + folder + ".\r\nZeile zwei.\r\n").getBytes(StandardCharsets.UTF_8);
            MessageId id = store.appendMessage(folder, new java.io.ByteArrayInputStream(content), flags);
            expected.put("<m" + n + "@example.org>", new Expected(folder.toString(), content, flags));
            assertEquals(flags, store.message(folder, id).flags());
        }
        store.deactivate();

        try (DovecotServer dovecot = DovecotServer.start(data.resolve("default"), work)) {
            Properties properties = new Properties();
            properties.setProperty("mail.imap.host", "127.0.0.1");
            properties.setProperty("mail.imap.port", Integer.toString(dovecot.port()));
            properties.setProperty("mail.imap.connectiontimeout", "10000");
            properties.setProperty("mail.imap.timeout", "10000");
            Store imap = Session.getInstance(properties).getStore("imap");
            try {
                imap.connect(DovecotServer.USER, DovecotServer.PASSWORD);
            } catch (jakarta.mail.MessagingException e) {
                throw new AssertionError("cannot log in to Dovecot: " + e + "\n" + dovecot.diagnostics(), e);
            }
            Map<String, Expected> seen = new TreeMap<>();
            try {
                for (Folder folder : imap.getDefaultFolder().list("*")) {
                    if ((folder.getType() & Folder.HOLDS_MESSAGES) == 0) {
                        continue;
                    }
                    folder.open(Folder.READ_ONLY);
                    for (Message message : folder.getMessages()) {
                        MimeMessage mime = (MimeMessage) message;
                        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                        mime.writeTo(bytes);
                        String name = folder.getFullName().equalsIgnoreCase("INBOX") ? "Inbox" : folder.getFullName();
                        seen.put(mime.getMessageID(), new Expected(name, bytes.toByteArray(), flags(message.getFlags())));
                    }
                    folder.close(false);
                }
            } finally {
                imap.close();
            }
            assertEquals(new TreeMap<>(expected).keySet(), seen.keySet(), "every message is served");
            for (Map.Entry<String, Expected> e : expected.entrySet()) {
                Expected served = seen.get(e.getKey());
                assertEquals(e.getValue().folder(), served.folder(), e.getKey() + " folder");
                assertEquals(e.getValue().flags(), served.flags(), e.getKey() + " flags");
                assertArrayEquals(e.getValue().content(), served.content(), e.getKey() + " bytes");
            }
        }
    }

    private static Set<MessageFlag> flags(Flags flags) {
        EnumSet<MessageFlag> result = EnumSet.noneOf(MessageFlag.class);
        if (flags.contains(Flags.Flag.SEEN)) {
            result.add(MessageFlag.SEEN);
        }
        if (flags.contains(Flags.Flag.ANSWERED)) {
            result.add(MessageFlag.ANSWERED);
        }
        if (flags.contains(Flags.Flag.FLAGGED)) {
            result.add(MessageFlag.FLAGGED);
        }
        if (flags.contains(Flags.Flag.DELETED)) {
            result.add(MessageFlag.DELETED);
        }
        if (flags.contains(Flags.Flag.DRAFT)) {
            result.add(MessageFlag.DRAFT);
        }
        return result;
    }
}
