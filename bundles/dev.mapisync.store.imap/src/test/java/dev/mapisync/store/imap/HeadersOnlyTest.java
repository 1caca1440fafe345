package dev.mapisync.store.imap;

import static dev.mapisync.store.imap.DovecotMailbox.config;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapisync.api.Status;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.message.MessageInfo;
import dev.mapisync.api.store.Replica;
import dev.mapisync.api.sync.SyncFlag;
import dev.mapisync.store.local.LocalStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Headers only keeps the header bytes exactly as the server holds them, 8-bit bytes of any
 * charset included (Dovecot serves what it stores), and opening such a message later makes it
 * byte for byte what a full sync would have stored.
 */
class HeadersOnlyTest {

    private static final Set<SyncFlag> DOWN = EnumSet.of(SyncFlag.DOWNLOAD_HIERARCHY, SyncFlag.DOWNLOAD_CONTENTS);
    private static final FolderPath INBOX = FolderPath.of("Inbox");

    /** A message whose header holds raw Latin-1 and raw UTF-8 bytes, as old and new mailers send them. */
    private static byte[] eightBit(int n) {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.writeBytes(("From: bob@example.org\r\nTo: ada@example.org\r\nMessage-ID: <8bit-" + n
                + "@example.org>\r\n").getBytes(StandardCharsets.US_ASCII));
        message.writeBytes(("Subject: Grüße aus München " + n + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        message.writeBytes("X-Comment: café, naïve, 東京\r\n".getBytes(StandardCharsets.UTF_8));
        message.writeBytes("\r\nThe body: nothing of it is fetched until the message is opened.\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        return message.toByteArray();
    }

    /** @return the seeded message's number, from its Message-ID */
    private static int seededNumber(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("<8bit-") + 6;
        return Integer.parseInt(text.substring(at, text.indexOf('@', at)));
    }

    private static byte[] header(byte[] message) {
        for (int i = 0; i + 3 < message.length; i++) {
            if (message[i] == '\r' && message[i + 1] == '\n' && message[i + 2] == '\r' && message[i + 3] == '\n') {
                return Arrays.copyOf(message, i + 4);
            }
        }
        throw new AssertionError("no header end");
    }

    @Test
    void headerBytesAreKeptExactlyAndTheBodyCompletesTheMessageByteForByte() throws Exception {
        int count = 150; // more than one batch of headers
        List<byte[]> seeded = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            seeded.add(eightBit(n));
        }
        try (DovecotAccount mail = new DovecotAccount(seed -> {
            LocalStore seeding = Harness.localStore(seed);
            for (byte[] message : seeded) {
                seeding.appendMessage(INBOX, new ByteArrayInputStream(message), Set.of());
            }
            seeding.close();
        })) {
            TestConfig config = config(mail.dovecot.port());
            config.headersOnly = true;
            ImapAccountStore account = mail.use(config);
            mail.sync(Status.SUCCESS, DOWN);
            Replica replica = mail.replica();
            assertEquals(count, replica.messages(INBOX).size());
            int firstSeeded = -1;
            for (int uid = 1; uid <= count; uid++) {
                MessageId id = replica.messageByRemoteId(INBOX, Integer.toString(uid)).orElseThrow();
                assertFalse(replica.message(INBOX, id).complete(), "UID " + uid + ": only the header");
                byte[] stored;
                try (var in = replica.openMessage(INBOX, id)) {
                    stored = in.readAllBytes();
                }
                int n = seededNumber(stored);
                firstSeeded = uid == 1 ? n : firstSeeded;
                assertArrayEquals(header(seeded.get(n)), stored, "UID " + uid + ": the header's bytes as the server holds them");
            }
            MessageId first = replica.messageByRemoteId(INBOX, "1").orElseThrow();
            try (var in = account.openMessage(INBOX, first)) {
                assertArrayEquals(seeded.get(firstSeeded), in.readAllBytes(), "opened, the message is the server's byte for byte");
            }
            MessageId whole = replica.messageByRemoteId(INBOX, "1").orElseThrow();
            MessageInfo info = replica.message(INBOX, whole);
            assertTrue(info.complete(), "and held whole");
            try (var in = replica.openMessage(INBOX, whole)) {
                assertArrayEquals(seeded.get(firstSeeded), in.readAllBytes(), "the same as a full sync stores");
            }
            assertEquals(count, replica.messages(INBOX).size(), "in place of its header, not beside it");
        }
    }
}
