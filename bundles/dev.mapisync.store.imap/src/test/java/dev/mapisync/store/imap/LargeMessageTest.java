package dev.mapisync.store.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapisync.api.message.FolderPath;
import dev.mapisync.store.local.DovecotServer;
import dev.mapisync.store.local.LocalStore;
import dev.mapisync.store.local.StoreWorker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bodies stream straight into the replica: a mailbox holding a 200 MB message syncs in a JVM limited to 128 MB of heap. */
class LargeMessageTest {

    @TempDir
    Path seed;

    @TempDir
    Path work;

    @TempDir
    Path data;

    @Test
    void aTwoHundredMegabyteMessageSyncsUnderOneHundredTwentyEightMegabytesOfHeap() throws Exception {
        MessageDigest written = MessageDigest.getInstance("SHA-256");
        LocalStore seeded = Harness.localStore(seed);
        try (var big = new StoreWorker.GeneratedMessage(200L * 1024 * 1024, written)) {
            seeded.appendMessage(FolderPath.of("Inbox"), big, Set.of());
        }
        seeded.appendMessage(FolderPath.of("Inbox"), new java.io.ByteArrayInputStream(
                "Subject: small\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)), Set.of());
        seeded.close();
        try (DovecotServer dovecot = DovecotServer.start(seed.resolve("default"), work)) {
            Path out = work.resolve("forked.out");
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m", "-cp", System.getProperty("java.class.path"), ForkedImapSync.class.getName(),
                    data.toString(), Integer.toString(dovecot.port()))
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the sync ends");
            List<String> lines = Files.readAllLines(out);
            String last = lines.get(lines.size() - 1);
            assertEquals(0, process.exitValue(), String.join("\n", lines));
            String[] result = last.split(" ", 5);
            assertEquals("SUCCESS", result[0], last);
            assertEquals("2", result[1], "both messages");
            assertEquals(HexFormat.of().formatHex(written.digest()), result[2], "the 200 MB message, byte for byte");
            assertTrue(Long.parseLong(result[3]) <= 128L * 1024 * 1024, "the heap really was limited");
        }
    }
}
