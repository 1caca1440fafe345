package dev.mapisync.store.local;

import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.message.MessageInfo;
import dev.mapisync.api.store.WellKnownFolder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;

/**
 * The local store's speed: appends per second (each one fsynced and renamed into place), and
 * listing the headers of a 100,000-message folder, the first time (index built from the files)
 * and then from the index (warm, and after a restart).
 *
 * <p>Run: {@code bench/store-bench.sh [directory] [messages] [appends]}; the directory should be
 * on the disk to measure (default: a new one under the working directory).
 */
public final class LocalStoreBenchmark {

    private LocalStoreBenchmark() {
    }

    private static byte[] message(int n) {
        return ("From: Sender " + n + " <sender" + n + "@example.org>\r\nTo: you@example.org\r\nSubject: message number "
                + n + "\r\nDate: Tue, 24 Nov 2026 12:00:00 +0000\r\nMessage-ID: <" + n + "@example.org>\r\n\r\n"
                + "A short body of message " + n + ".\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    public static void main(String[] args) throws Exception {
        Path data = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory(Path.of("."), "store-bench-");
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int appends = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
        try {
            appendThroughput(data.resolve("appends"), appends);
            listing(data.resolve("listing"), messages);
        } finally {
            try (Stream<Path> all = Files.walk(data)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void appendThroughput(Path data, int count) throws Exception {
        LocalStore store = new LocalStore(data);
        FolderPath inbox = WellKnownFolder.INBOX.path();
        for (int i = 0; i < 200; i++) {
            store.appendMessage(inbox, new ByteArrayInputStream(message(i)), EnumSet.noneOf(MessageFlag.class));
        }
        for (int threads : new int[] {1, 4}) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            long start = System.nanoTime();
            List<java.util.concurrent.Future<?>> workers = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        store.appendMessage(inbox, new ByteArrayInputStream(message(i)), EnumSet.of(MessageFlag.SEEN));
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> worker : workers) {
                worker.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            System.out.printf("append, %d thread(s): %d small messages (~250 bytes; file fsync, rename, directory fsync "
                    + "each) in %.2f s = %.0f messages/s%n", threads, count, seconds, count / seconds);
        }
        store.deactivate();
    }

    private static void listing(Path data, int count) throws Exception {
        LocalStore seed = new LocalStore(data);
        seed.deactivate();
        // A big mailbox as other software left it: plain files in cur/, no index yet.
        Path cur = data.resolve("default/cur");
        for (int i = 0; i < count; i++) {
            Files.write(cur.resolve((1_790_000_000L + i) + ".M" + i + "P1.bench,S=" + message(i).length + ":2,S"),
                    message(i));
        }
        LocalStore store = new LocalStore(data);
        FolderPath inbox = WellKnownFolder.INBOX.path();
        long cold = time(store, inbox, count);
        long warm = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            warm = Math.min(warm, time(store, inbox, count));
        }
        store.deactivate();
        LocalStore reopened = new LocalStore(data);
        long restarted = time(reopened, inbox, count);
        reopened.deactivate();
        System.out.printf("list headers of %d messages: first (index built from the files) %d ms, "
                + "warm %d ms, after a restart %d ms%n", count, cold, warm, restarted);
    }

    private static long time(LocalStore store, FolderPath folder, int expected) throws Exception {
        long start = System.nanoTime();
        List<MessageInfo> rows = store.messages(folder);
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (rows.size() != expected || rows.stream().anyMatch(r -> r.subject().isEmpty())) {
            throw new IllegalStateException("listed " + rows.size() + " of " + expected);
        }
        return millis;
    }
}
