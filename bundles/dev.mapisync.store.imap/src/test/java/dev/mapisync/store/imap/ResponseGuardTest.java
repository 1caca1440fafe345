package dev.mapisync.store.imap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The guard frames the server's bytes as Angus Mail does and refuses the first byte over the
 * budget: a literal when it is announced (the stream is not read on), a line that never ends,
 * a flood of responses to one command, a listing of too many folders, a drip. What is within
 * the budget passes unchanged, and the count starts again whenever the client speaks.
 */
class ResponseGuardTest {

    private final ResponseBudget budget = new ResponseBudget(1_000);
    private final AtomicLong now = new AtomicLong();
    private final ResponseGuard guard = new ResponseGuard(budget, 1_000, now::get);

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** @return all the guard lets through of {@code server}, read as Angus's buffer reads: in chunks */
    private byte[] readAll(InputStream server) throws IOException {
        InputStream in = guard.input(server);
        ByteArrayOutputStream passed = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
            passed.write(chunk, 0, n);
        }
        return passed.toByteArray();
    }

    @Test
    void answersWithinTheBudgetPassUnchanged() throws IOException {
        // Within the literal: what would be a listing of too many folders, were it framed as lines.
        String literal = "Subject: {5}\r\nbraces {3}\r\n and lines\r\n"
                + "* LIST () \"/\" \"not a folder\"\r\n".repeat(ResponseBudget.FOLDERS + 1);
        byte[] answers = ascii("* OK [CAPABILITY IMAP4rev1] ready\r\n"
                + "* 1 FETCH (UID 7 BODY[] {" + literal.length() + "}\r\n" + literal + ")\r\n"
                + "* 2 FETCH (UID 8 BODY[HEADER] {-1}\r\n FLAGS (\\Seen))\r\n"
                + "A1 OK done\r\n");
        assertArrayEquals(answers, readAll(new ByteArrayInputStream(answers)));
        assertTrue(budget.take().isEmpty());
    }

    @Test
    void aLiteralAnnouncedOverTheBudgetIsRefusedBeforeAByteOfItIsRead() {
        byte[] announcement = ascii("* 7 FETCH (UID 42 BODY[]<0> {2147483648}\r\n");
        AtomicLong readBeyond = new AtomicLong();
        InputStream server = new InputStream() {
            private int at;

            @Override
            public int read() {
                if (at < announcement.length) {
                    return announcement[at++] & 0xff;
                }
                readBeyond.incrementAndGet();
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                // One read brings the announcement, as a server's first packet would.
                int n = at < announcement.length ? Math.min(len, announcement.length - at) : Math.min(len, 4096);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) read();
                }
                return n;
            }
        };
        OverBudget refused = assertThrows(OverBudget.class, () -> readAll(server));
        assertEquals(OverBudget.Kind.LITERAL, refused.kind());
        assertEquals("the server announced 2,147,483,648 bytes in one response (* 7 FETCH), over the 8 MiB one "
                + "response may hold", refused.getMessage());
        assertEquals(0, readBeyond.get(), "nothing after the announcement was read");
        assertEquals(refused, budget.take().orElseThrow(), "the sync learns it on the reading thread");
        assertTrue(budget.take().isEmpty(), "once");
    }

    @Test
    void aBraceBegunInALiteralAndClosedAfterItIsALiteralAsAngusReadsIt() {
        // Angus looks back from the line's "}" to the nearest "{", through the literal's bytes.
        String literal = "x".repeat(40) + "{99999999";
        byte[] answer = ascii("* 1 FETCH (UID 9 BODY[] {" + literal.length() + "}\r\n" + literal + "9}\r\n");
        OverBudget refused = assertThrows(OverBudget.class, () -> readAll(new ByteArrayInputStream(answer)));
        assertEquals(OverBudget.Kind.LITERAL, refused.kind());
        assertTrue(refused.getMessage().startsWith("the server announced 999,999,999 bytes"), refused.getMessage());
    }

    @Test
    void aLineThatNeverEndsIsRefusedAfterTheMostOneResponseMayHold() {
        long[] served = new long[1];
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                served[0]++;
                return served[0] == 1 ? '*' : 'a';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'a');
                served[0] += len;
                return len;
            }
        };
        OverBudget refused = assertThrows(OverBudget.class, () -> readAll(endless));
        assertEquals(OverBudget.Kind.RESPONSE, refused.kind());
        assertTrue(served[0] <= ResponseBudget.RESPONSE_BYTES + 8192, "stopped at the budget: " + served[0]);
    }

    @Test
    void aListingOfMoreFoldersThanAnAccountMayHaveIsRefused() throws IOException {
        StringBuilder listing = new StringBuilder();
        for (int i = 0; i < ResponseBudget.FOLDERS; i++) {
            listing.append("* LIST (\\HasNoChildren) \"/\" \"f").append(i).append("\"\r\n");
        }
        byte[] within = ascii(listing + "A2 OK listed\r\n");
        assertArrayEquals(within, readAll(new ByteArrayInputStream(within)), "10,000 folders pass");
        ResponseGuard fresh = new ResponseGuard(budget, 1_000, now::get);
        byte[] over = ascii(listing + "* LIST () \"/\" \"one-more\"\r\n");
        OverBudget refused = assertThrows(OverBudget.class,
                () -> fresh.input(new ByteArrayInputStream(over)).readAllBytes());
        assertEquals(OverBudget.Kind.FOLDERS, refused.kind());
        assertEquals("the server listed more than 10,000 folders, the most an account may have", refused.getMessage());
    }

    @Test
    void aFloodOfResponsesToOneCommandIsRefusedAndTheCountStartsAgainWhenTheClientSpeaks() throws IOException {
        long perCommand = ResponseBudget.COMMAND_BYTES / ResponseBudget.RESPONSE_COST;
        byte[] small = ascii("* 1 EXISTS\r\n");
        InputStream in = guard.input(new InputStream() {
            private int at;

            @Override
            public int read() {
                int b = small[at];
                at = (at + 1) % small.length;
                return b;
            }
        });
        OutputStream out = guard.output(OutputStream.nullOutputStream());
        for (int command = 0; command < 3; command++) {
            out.write(ascii("A" + command + " NOOP\r\n"));
            for (long i = 0; i < (perCommand - 1) * small.length; i++) {
                in.read();
            }
        }
        out.write(ascii("A9 NOOP\r\n"));
        OverBudget refused = assertThrows(OverBudget.class, () -> {
            for (long i = 0; i <= (perCommand + 1) * small.length; i++) {
                in.read();
            }
        });
        assertEquals(OverBudget.Kind.COMMAND, refused.kind());
        assertTrue(refused.getMessage().startsWith("the server sent more than 16 MiB of responses to one command"),
                refused.getMessage());
        assertThrows(OverBudget.class, in::read, "a refused connection passes nothing more");
    }

    @Test
    void bytesThatDripAfterTheTimeoutAreRefusedWhileAQuickAnswerAfterASlowStartIsNot() throws IOException {
        InputStream in = guard.input(new InputStream() {
            @Override
            public int read() {
                now.addAndGet(100_000_000L);  // a byte every 100 ms
                return 'a';
            }
        });
        OutputStream out = guard.output(OutputStream.nullOutputStream());
        out.write(ascii("A1 SELECT INBOX\r\n"));
        int read = 0;
        try {
            for (; read < 100; read++) {
                in.read();
            }
            throw new AssertionError("the drip was never refused");
        } catch (OverBudget refused) {
            assertEquals(OverBudget.Kind.SLOW, refused.kind());
            assertTrue(refused.getMessage().contains("slower than 4 KiB/s after the account's timeout (1000 ms)"),
                    refused.getMessage());
        }
        assertTrue(read >= 9 && read <= 11, "refused once the timeout (1 s) had passed: after " + read + " bytes");

        ResponseGuard patient = new ResponseGuard(budget, 1_000, now::get);
        InputStream quick = patient.input(new ByteArrayInputStream(ascii("* 3 EXISTS\r\nA1 OK done\r\n")));
        patient.output(OutputStream.nullOutputStream()).write(ascii("A1 SELECT INBOX\r\n"));
        now.addAndGet(900_000_000L);  // the server thought for 0.9 s, then answered at once
        assertEquals(24, quick.readAllBytes().length);
    }
}
