package dev.mapisync.store.imap;

import dev.mapisync.store.local.Relay;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A relay on 127.0.0.1 in front of a real IMAP server that lies about the content of one
 * message: each answer the server gives with that message's content ({@code BODY[]}, whole
 * or a part from its start) is changed as the {@link Lie} says before it reaches the client.
 * The message is the one whose content holds a marker. Everything else passes unchanged,
 * except where a hostile lie floods the client (an endless listing, a huge literal) or drips.
 */
public final class LyingProxy implements AutoCloseable {

    /** What the proxy does to the marked message's content. */
    public enum Lie {
        /** The answer is left out: the command ends with a bare OK, no FETCH, no literal. */
        MISSING,
        /** {@code BODY[] NIL}. */
        NIL,
        /** A literal of no bytes. */
        EMPTY,
        /** A shorter literal, of another length each time. */
        SHORT_VARYING,
        /** Half the literal, the same half each time: what a server that reports sizes too large looks like. */
        SHORT_ALIKE,
        /** The literal announced as 2,147,483,648 bytes, then bytes for as long as the client reads (2 GiB at most). */
        HUGE,
        /** The answer dripped, a byte every 20 ms (as long as the client waits; 10 minutes at most). */
        DRIP,
        /** After the first folder of any listing, folders without end (ten million at most), never the listing's end. */
        ENDLESS_LIST
    }

    /** What a hostile lie sends beyond the answer, or how: written by {@link #relayAnswers}. */
    private static final long HUGE = 2_147_483_648L;

    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)\\}\r\n$");
    private static final Pattern BODY_ITEM = Pattern.compile("BODY\\[\\](<0>)? $");

    private final Relay relay;
    private final byte[] marker;
    private final Random random = new Random(20261201L);
    private final AtomicInteger lies = new AtomicInteger();
    private volatile Lie lie;

    public LyingProxy(int target, String marker) throws IOException {
        this.marker = marker.getBytes(StandardCharsets.US_ASCII);
        this.relay = new Relay(target, Relay.COPY, (in, out, connection) -> relayAnswers(in, out));
    }

    public int port() {
        return relay.port();
    }

    /** From now on, tells this lie (null: the truth). */
    public void lie(Lie what) {
        lie = what;
    }

    /** @return how many answers were changed so far */
    public int told() {
        return lies.get();
    }

    /** Reads the server's answers whole (lines and the literals within), changing the marked message's content. */
    private void relayAnswers(InputStream from, OutputStream out) throws IOException {
        InputStream in = new BufferedInputStream(from);
        for (List<byte[]> answer = read(in); answer != null; answer = read(in)) {
            Lie now = lie;
            if (now == Lie.ENDLESS_LIST && new String(answer.get(0), StandardCharsets.ISO_8859_1).startsWith("* LIST ")) {
                lies.incrementAndGet();
                flood(out);
                return;
            }
            List<byte[]> told = rewrite(answer);
            boolean hostile = told != answer && (now == Lie.HUGE || now == Lie.DRIP);
            for (byte[] part : told) {
                if (hostile && now == Lie.DRIP) {
                    drip(part, out);
                } else {
                    out.write(part);
                }
            }
            out.flush();
            if (hostile && now == Lie.HUGE) {
                junk(out);
                return;
            }
        }
    }

    /** Folders without end, until the client hangs up (bounded). */
    private static void flood(OutputStream out) throws IOException {
        for (int i = 0; i < 10_000_000; i++) {
            out.write(("* LIST (\\HasNoChildren) \"/\" \"flood-" + i + "\"\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
    }

    /** The huge literal's bytes, until the client hangs up (bounded by the size announced). */
    private static void junk(OutputStream out) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'x');
        for (long sent = 0; sent < HUGE; sent += chunk.length) {
            out.write(chunk);
        }
        out.flush();
    }

    /** A byte every 20 ms, until the client hangs up (bounded: 10 minutes). */
    private static void drip(byte[] part, OutputStream out) throws IOException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(10);
        for (int i = 0; i < part.length && System.nanoTime() < deadline; i++) {
            out.write(part[i]);
            out.flush();
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
    }

    /** @return an answer as its parts: text, literal, text, literal, ..., text; null at the end of the stream */
    private static List<byte[]> read(InputStream in) throws IOException {
        List<byte[]> parts = new ArrayList<>();
        for (;;) {
            byte[] line = line(in);
            if (line == null) {
                return parts.isEmpty() ? null : parts;
            }
            parts.add(line);
            Matcher literal = LITERAL.matcher(new String(line, StandardCharsets.ISO_8859_1));
            if (!literal.find()) {
                return parts;
            }
            parts.add(in.readNBytes(Integer.parseInt(literal.group(1))));
        }
    }

    private static byte[] line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
            line.write(b);
            if (b == '\n') {
                return line.toByteArray();
            }
        }
        return line.size() == 0 ? null : line.toByteArray();
    }

    private List<byte[]> rewrite(List<byte[]> answer) {
        Lie now = lie;
        if (now == null || now == Lie.ENDLESS_LIST) {
            return answer;
        }
        for (int i = 1; i < answer.size(); i += 2) {
            String before = new String(answer.get(i - 1), StandardCharsets.ISO_8859_1);
            String item = before.substring(0, before.lastIndexOf('{'));
            if (BODY_ITEM.matcher(item).find() && contains(answer.get(i), marker)) {
                lies.incrementAndGet();
                return told(answer, i, item, now);
            }
        }
        return answer;
    }

    /** @return the answer with literal {@code i} (its text before it ends with {@code item}) changed as {@code what} says */
    private List<byte[]> told(List<byte[]> answer, int i, String item, Lie what) {
        if (what == Lie.MISSING) {
            return List.of();
        }
        byte[] literal = answer.get(i);
        List<byte[]> changed = new ArrayList<>(answer);
        if (what == Lie.NIL) {
            changed.set(i - 1, (item + "NIL").getBytes(StandardCharsets.ISO_8859_1));
            changed.set(i, new byte[0]);
            return changed;
        }
        if (what == Lie.HUGE) {
            changed.set(i - 1, (item + "{" + HUGE + "}\r\n").getBytes(StandardCharsets.ISO_8859_1));
            return changed.subList(0, i);
        }
        if (what == Lie.DRIP) {
            return changed;
        }
        int length = switch (what) {
            case EMPTY -> 0;
            case SHORT_VARYING -> 1 + random.nextInt(literal.length - 1);
            default -> literal.length / 2;
        };
        changed.set(i - 1, (item + "{" + length + "}\r\n").getBytes(StandardCharsets.ISO_8859_1));
        changed.set(i, java.util.Arrays.copyOf(literal, length));
        return changed;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        relay.close();
    }
}
