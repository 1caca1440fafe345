package dev.mapisync.store.imap;

import dev.mapisync.mail.support.ConnectionFilter;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * One connection's guard: reads the server's bytes on their way to Angus Mail, framing them
 * as Angus does (a response is lines, each ending CRLF; a line ending {@code {n}CRLF} is
 * followed by n bytes of literal and the response goes on), and refuses, by throwing
 * {@link OverBudget}, the first byte that would take the connection over its
 * {@link ResponseBudget}: a literal is refused when announced, before Angus would allocate
 * for it. A response is counted whole until its last line; the responses to a command are
 * those between two writes of the client (Angus reads nothing between commands), so the
 * count starts again whenever the client speaks, and so does the clock of the least rate.
 *
 * <p>The literal rule follows Angus's reader exactly, or the two would frame differently: the
 * line ends {@code }CRLF}, the nearest {@code {} before holds an optional '-' and digits only,
 * and the number fits an int (a literal of 0 or less bytes has none, the response goes on);
 * any other line ends the response. A number over the budget is refused even where Angus
 * would not take it for a literal.
 */
final class ResponseGuard implements ConnectionFilter {

    /** Where the nearest '{' of the line stands: the literal rule's state. */
    private enum Brace { NONE, OPEN, CLOSED, CLOSED_CR }

    private static final int HEAD = 24;

    private final ResponseBudget budget;
    private final long timeoutNanos;
    private final LongSupplier clock;

    /** What this guard refused, if it did: the connection is broken off, nothing more of it passes. */
    private OverBudget refused;
    private long literalLeft;
    private long responseBytes;
    private long commandBytes;
    private int listed;
    private long since;
    private int previous = -1;
    private Brace brace = Brace.NONE;
    private boolean negative;
    private int digits;
    private long number;
    private final byte[] head = new byte[HEAD];
    private int headLength;

    ResponseGuard(ResponseBudget budget, long timeoutMillis, LongSupplier clock) {
        this.budget = budget;
        this.timeoutNanos = timeoutMillis * 1_000_000L;
        this.clock = clock;
        this.since = clock.getAsLong();
    }

    @Override
    public InputStream input(InputStream fromServer) {
        return new FilterInputStream(fromServer) {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n <= 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                refusedAlready();
                int n = in.read(b, off, len);
                if (n > 0) {
                    passing(b, off, n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                // Skipped bytes are framed too, or the guard would lose its place.
                byte[] scratch = new byte[(int) Math.max(0, Math.min(n, 8192))];
                int read = read(scratch, 0, scratch.length);
                return Math.max(0, read);
            }
        };
    }

    @Override
    public OutputStream output(OutputStream toServer) {
        return new FilterOutputStream(toServer) {
            @Override
            public void write(int b) throws IOException {
                spoke();
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                spoke();
                out.write(b, off, len);
            }
        };
    }

    /** The client spoke: a new command (or a literal it was asked for) begins; so does the count. */
    synchronized void spoke() {
        commandBytes = 0;
        listed = 0;
        since = clock.getAsLong();
    }

    private synchronized void refusedAlready() throws OverBudget {
        if (refused != null) {
            throw new OverBudget(refused.kind(), refused.getMessage());
        }
    }

    /** Frames the bytes as Angus will; @throws OverBudget at the first that takes the connection over budget */
    synchronized void passing(byte[] b, int off, int n) throws OverBudget {
        int end = off + n;
        for (int i = off; i < end;) {
            if (literalLeft > 0) {
                // A message's bytes, most of what passes: taken whole, only their end looked at.
                int take = (int) Math.min(literalLeft, end - i);
                literal(b, i, i + take);
                literalLeft -= take;
                responseBytes += take;
                previous = b[i + take - 1] & 0xff;
                i += take;
                continue;
            }
            int c = b[i++] & 0xff;
            responseBytes++;
            if (headLength < HEAD) {
                head[headLength++] = (byte) c;
            }
            if (c == '\n' && previous == '\r') {
                lineEnded();
            } else {
                brace(c);
            }
            previous = c;
        }
        if (responseBytes > ResponseBudget.RESPONSE_BYTES) {
            refuse(OverBudget.Kind.RESPONSE, "the server sent a response (" + head() + ") longer than "
                    + mib(ResponseBudget.RESPONSE_BYTES) + ", the most one response may hold");
        }
        if (commandBytes + responseBytes > ResponseBudget.COMMAND_BYTES) {
            commandOver();
        }
        long elapsed = clock.getAsLong() - since;
        long allowed = timeoutNanos + (commandBytes + responseBytes) * 1_000_000_000L / ResponseBudget.LEAST_BYTES_PER_SECOND;
        if (elapsed > allowed) {
            refuse(OverBudget.Kind.SLOW, "the server sent " + count(commandBytes + responseBytes) + " bytes in "
                    + elapsed / 1_000_000 + " ms, slower than " + ResponseBudget.LEAST_BYTES_PER_SECOND / 1024
                    + " KiB/s after the account's timeout (" + timeoutNanos / 1_000_000 + " ms)");
        }
    }

    /**
     * The literal rule's state after literal bytes: only a '{' near their end can matter (the
     * bytes after it an optional '-', digits, '}' and CR at most), so they are looked at from
     * their end back; a part that may all belong to a brace begun before it is read whole.
     */
    private void literal(byte[] b, int from, int to) {
        int p = to - 1;
        if (to - from > 32) {
            if (b[p] == '\r') {
                p--;
            }
            if (b[p] == '}') {
                p--;
            }
            while (p >= from && b[p] >= '0' && b[p] <= '9') {
                p--;
            }
            if (p >= from && b[p] == '-') {
                p--;
            }
            if (p >= from && b[p] != '{') {
                brace = Brace.NONE;
                return;
            }
        }
        for (int k = Math.max(from, p); k < to; k++) {
            brace(b[k] & 0xff);
        }
    }

    /** Angus's literal rule, byte by byte (literal bytes too: Angus looks back through them for the '{'). */
    private void brace(int c) {
        if (c == '{') {
            brace = Brace.OPEN;
            negative = false;
            digits = 0;
            number = 0;
        } else if (brace == Brace.OPEN && c == '-' && digits == 0 && !negative) {
            negative = true;
        } else if (brace == Brace.OPEN && c >= '0' && c <= '9') {
            digits++;
            // Past 18 digits the number is over any budget; only that it is huge matters.
            number = digits > 18 ? Long.MAX_VALUE : number * 10 + (c - '0');
        } else if (brace == Brace.OPEN && c == '}' && digits > 0) {
            brace = Brace.CLOSED;
        } else if (brace == Brace.CLOSED && c == '\r') {
            brace = Brace.CLOSED_CR;
        } else {
            brace = Brace.NONE;
        }
    }

    private void lineEnded() throws OverBudget {
        boolean literal = brace == Brace.CLOSED_CR;
        brace = Brace.NONE;
        if (literal && !negative && number > ResponseBudget.RESPONSE_BYTES - responseBytes) {
            refuse(OverBudget.Kind.LITERAL, "the server announced " + count(number) + " bytes in one response ("
                    + head() + "), over the " + mib(ResponseBudget.RESPONSE_BYTES) + " one response may hold");
        }
        if (literal && number <= Integer.MAX_VALUE) {
            literalLeft = negative ? 0 : number;
            return;
        }
        commandBytes += Math.max(responseBytes, ResponseBudget.RESPONSE_COST);
        if (isListing() && ++listed > ResponseBudget.FOLDERS) {
            refuse(OverBudget.Kind.FOLDERS, "the server listed more than " + count(ResponseBudget.FOLDERS)
                    + " folders, the most an account may have");
        }
        responseBytes = 0;
        headLength = 0;
        if (commandBytes > ResponseBudget.COMMAND_BYTES) {
            commandOver();
        }
    }

    private void commandOver() throws OverBudget {
        refuse(OverBudget.Kind.COMMAND, "the server sent more than " + mib(ResponseBudget.COMMAND_BYTES)
                + " of responses to one command (" + head() + "), the most one command may bring");
    }

    /** @return whether the response is an untagged LIST or LSUB */
    private boolean isListing() {
        String start = new String(head, 0, headLength, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
        return start.startsWith("* LIST ") || start.startsWith("* LSUB ");
    }

    /** @return the response's first words, letters, digits and '*' only (never more of the server's text) */
    private String head() {
        String start = new String(head, 0, headLength, StandardCharsets.ISO_8859_1);
        String[] words = start.split(" ", 4);
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < Math.min(3, words.length); i++) {
            String word = words[i].replaceAll("[^A-Za-z0-9*]", "");
            if (word.isEmpty() || i == 2 && !Character.isLetter(word.charAt(0))) {
                break;
            }
            shown.append(shown.length() == 0 ? "" : " ").append(word);
            if (i == 1 && Character.isLetter(word.charAt(0))) {
                break;
            }
        }
        return shown.length() == 0 ? "?" : shown.toString();
    }

    private void refuse(OverBudget.Kind kind, String text) throws OverBudget {
        refused = new OverBudget(kind, text);
        budget.refused(refused);
        throw refused;
    }

    private static String count(long n) {
        return NumberFormat.getIntegerInstance(Locale.US).format(n);
    }

    private static String mib(long bytes) {
        return bytes / (1024 * 1024) + " MiB";
    }
}
