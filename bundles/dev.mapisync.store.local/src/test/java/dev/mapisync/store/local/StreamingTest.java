package dev.mapisync.store.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Content is streamed both ways: a 200 MB message round-trips in a JVM limited to 64 MB of heap. */
class StreamingTest {

    @TempDir
    Path data;

    @Test
    void twoHundredMegabytesRoundTripUnderSixtyFourMegabytesOfHeap() throws Exception {
        try (ForkedStore worker = new ForkedStore("64m", "roundtrip", data.toString(), "200")) {
            Await.until("the round trip ends", () -> !worker.process().isAlive());
            worker.kill();
            assertEquals(0, worker.process().exitValue(), "the worker ran without running out of memory");
            String[] result = worker.lines().get(worker.lines().size() - 1).split(" ");
            assertEquals("ok", result[0]);
            assertEquals(result[1], result[2], "what was read back is what was written");
            assertTrue(Long.parseLong(result[3]) <= 64L * 1024 * 1024, "the heap really was limited");
        }
    }
}
