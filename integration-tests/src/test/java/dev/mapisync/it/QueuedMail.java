package dev.mapisync.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * Mail queued in the default store's Outbox as Maildir software queues it (a file written in
 * {@code tmp/}, renamed into {@code new/}), each message to two recipients of two domains,
 * and the promise checked after the host stopped in the middle of sending it: no message
 * lost, none accepted twice for a recipient.
 */
final class QueuedMail {

    /** Every queued message goes to these two. */
    static final List<String> RECIPIENTS = List.of("a@one.test", "b@two.test");

    private final List<String> ids = new ArrayList<>();
    private final Map<String, List<String>> recipients = new HashMap<>();

    /** Queues {@code count} messages into the Outbox under {@code data/default}, each to {@link #RECIPIENTS}. */
    static QueuedMail queue(Path data, String caseName, int count) throws IOException {
        return queue(data, caseName, count, i -> RECIPIENTS);
    }

    /**
     * Queues {@code count} messages, message {@code i} to {@code recipientsOf.apply(i)}, in the
     * order of {@code i}: their names carry the time of queuing, a millisecond apart.
     */
    static QueuedMail queue(Path data, String caseName, int count, IntFunction<List<String>> recipientsOf)
            throws IOException {
        Path outbox = data.resolve("default/.Outbox");
        for (String sub : new String[] {"tmp", "new", "cur"}) {
            Files.createDirectories(outbox.resolve(sub));
        }
        QueuedMail queued = new QueuedMail();
        for (int i = 0; i < count; i++) {
            String id = "<" + caseName + "-" + i + "@example.org>";
            List<String> to = recipientsOf.apply(i);
            String text = "From: ada@example.org\r\nTo: " + String.join(", ", to) + "\r\nSubject: queued " + i + "\r\nMessage-ID: "
                    + id + "\r\n\r\nQueued by a mail program, number " + i + ".\r\n";
            String name = "1796000000.M" + (i * 1000) + "P1Q" + i + ".chaos-" + caseName.hashCode();
            Path written = outbox.resolve("tmp").resolve(name);
            Files.writeString(written, text, StandardCharsets.US_ASCII);
            Files.move(written, outbox.resolve("new").resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            queued.ids.add(id);
            queued.recipients.put(id, to);
        }
        return queued;
    }

    /**
     * @param deliveries what the server accepted, by Message-ID and recipient
     * @param data the host's data folder
     */
    void assertNoneLostNoneTwice(Map<String, Map<String, Integer>> deliveries, Path data, String what) throws IOException {
        Set<String> sent = messageIds(data.resolve("default/.Sent Items"));
        Set<String> waiting = messageIds(data.resolve("default/.Outbox"));
        for (String id : ids) {
            Map<String, Integer> accepted = deliveries.getOrDefault(id, Map.of());
            accepted.forEach((recipient, times) -> assertEquals(what + ": " + id + " was accepted for " + recipient + " "
                    + times + " times", Integer.valueOf(1), times));
            assertTrue(what + ": " + id + " is lost: neither in Sent Items nor in the Outbox",
                    sent.contains(id) || waiting.contains(id));
            assertTrue(what + ": " + id + " is in Sent Items and still in the Outbox", !(sent.contains(id) && waiting.contains(id)));
            if (sent.contains(id)) {
                assertEquals(what + ": " + id + " is in Sent Items, so every recipient accepted it",
                        recipients.get(id).size(), accepted.size());
            }
        }
    }

    /** @return the Message-IDs queued, in the order queued */
    List<String> ids() {
        return List.copyOf(ids);
    }

    /** @return the Message-IDs of the messages in a Maildir folder of the default store, such as {@code .Outbox} */
    static Set<String> messageIdsIn(Path data, String folder) throws IOException {
        return messageIds(data.resolve("default").resolve(folder));
    }

    private static Set<String> messageIds(Path maildir) throws IOException {
        Set<String> ids = new HashSet<>();
        for (String sub : new String[] {"cur", "new"}) {
            Path directory = maildir.resolve(sub);
            if (!Files.isDirectory(directory)) {
                continue;
            }
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.toList()) {
                    for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
                        if (line.regionMatches(true, 0, "Message-ID: ", 0, 12)) {
                            ids.add(line.substring(12).trim());
                            break;
                        }
                    }
                }
            }
        }
        return ids;
    }
}
