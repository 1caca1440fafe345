package dev.mapisync.store.local;

import dev.mapisync.api.Identity;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.store.FolderSyncState;
import dev.mapisync.api.store.Replica;
import dev.mapisync.api.store.WellKnownFolder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Random;

/**
 * The store in a JVM of its own, for tests that kill it or limit its heap.
 *
 * <pre>
 * append DATA FIRST   appends messages FIRST, FIRST+1, ... forever, printing "ok N ID" once each append returned
 * roundtrip DATA MB   appends an MB-megabyte message and reads it back, printing "ok DIGEST DIGEST"
 * download DATA N STOP  mirrors server messages 1..N into a replica's Inbox as a resumed sync does (those the
 *                     replica holds are skipped), printing "ok N" once each is stored; then ends as STOP says:
 *                     "close" (a clean stop), "exit" (the JVM ends without closing the store), "wait" (until killed)
 * </pre>
 */
public final class StoreWorker {

    private StoreWorker() {
    }

    /** The content of message number {@code n}: its size and bytes follow from {@code n} alone. */
    static byte[] content(long n) {
        Random random = new Random(n);
        StringBuilder body = new StringBuilder();
        int lines = 1 + random.nextInt(200);
        for (int i = 0; i < lines; i++) {
            body.append("line ").append(i).append(" of message ").append(n).append(' ').append(random.nextLong()).append("\r\n");
        }
        return ("From: worker@example.org\r\nTo: test@example.org\r\nSubject: message " + n + "\r\nX-Seq: " + n
                + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        LocalStore store = new LocalStore(Path.of(args[1]));
        switch (args[0]) {
            case "append" -> {
                FolderPath inbox = WellKnownFolder.INBOX.path();
                for (long n = Long.parseLong(args[2]); ; n++) {
                    EnumSet<MessageFlag> flags = n % 3 == 0 ? EnumSet.of(MessageFlag.SEEN) : EnumSet.noneOf(MessageFlag.class);
                    MessageId id = store.appendMessage(inbox, new ByteArrayInputStream(content(n)), flags);
                    if (n % 5 == 0) {
                        store.setFlags(inbox, id, EnumSet.of(MessageFlag.FLAGGED, MessageFlag.SEEN));
                    }
                    out.println("ok " + n + " " + id.value());
                    out.flush();
                }
            }
            case "roundtrip" -> {
                long bytes = Long.parseLong(args[2]) * 1024 * 1024;
                MessageDigest written = MessageDigest.getInstance("SHA-256");
                MessageId id;
                try (InputStream generated = new GeneratedMessage(bytes, written)) {
                    id = store.appendMessage(WellKnownFolder.INBOX.path(), generated, EnumSet.noneOf(MessageFlag.class));
                }
                MessageDigest read = MessageDigest.getInstance("SHA-256");
                byte[] buffer = new byte[64 * 1024];
                try (InputStream in = store.openMessage(WellKnownFolder.INBOX.path(), id)) {
                    int r;
                    while ((r = in.read(buffer)) > 0) {
                        read.update(buffer, 0, r);
                    }
                }
                out.println("ok " + HexFormat.of().formatHex(written.digest()) + " " + HexFormat.of().formatHex(read.digest())
                        + " " + Runtime.getRuntime().maxMemory());
                store.deactivate();
            }
            case "download" -> download(store, Long.parseLong(args[2]), args[3], out);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    /** The replica the download mode mirrors into. */
    static final Identity DOWNLOAD_OWNER = new Identity("imap:worker", "Worker");

    /** Server message {@code n} as the download mode stores it. */
    static byte[] serverMessage(long n) {
        return content(1_000_000 + n);
    }

    private static void download(LocalStore store, long count, String stop, PrintStream out) throws Exception {
        Replica replica = store.replica(DOWNLOAD_OWNER);
        FolderPath inbox = WellKnownFolder.INBOX.path();
        if (replica.syncState(inbox).isEmpty()) {
            replica.setSyncState(inbox, new FolderSyncState(1, 1, 1));
        }
        for (long n = 1; n <= count; n++) {
            if (replica.messageByRemoteId(inbox, Long.toString(n)).isEmpty()) {
                replica.applyRemoteAppend(inbox, Long.toString(n), new ByteArrayInputStream(serverMessage(n)),
                        EnumSet.noneOf(MessageFlag.class), true);
            }
            out.println("ok " + n);
            out.flush();
            if (n % 50 == 0) {
                // As a sync does once a batch is stored: the renames are forced with the state.
                replica.setSyncState(inbox, new FolderSyncState(1, n + 1, n + 1));
            }
        }
        switch (stop) {
            case "close" -> store.deactivate();
            case "exit" -> System.exit(0);
            default -> Thread.sleep(Long.MAX_VALUE);
        }
    }

    /** A message of a given size made up on the fly, never held in memory, digested as it is read. */
    public static final class GeneratedMessage extends InputStream {
        private final byte[] header = "From: big@example.org\r\nSubject: big\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        private final long size;
        private final MessageDigest digest;
        private final Random random = new Random(42);
        private long position;

        public GeneratedMessage(long size, MessageDigest digest) {
            this.size = size;
            this.digest = digest;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - position);
            for (int i = 0; i < n; i++) {
                long p = position + i;
                b[off + i] = p < header.length ? header[(int) p] : (byte) ('a' + random.nextInt(26));
            }
            digest.update(b, off, n);
            position += n;
            return n;
        }
    }
}
