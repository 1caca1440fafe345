package dev.mapisync.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The check of a message file before it is queued: a readable regular file whose header
 * section is RFC 5322 header fields, naming at least one recipient ({@code To}, {@code Cc},
 * {@code Bcc}, or mapisync's {@code X-Mapisync-Recipient} for other address types).
 */
final class MessageFile {

    /** A header section longer than this is no mail a user queues by hand. */
    static final int MAX_HEADER_LINES = 10_000;

    private static final Pattern FIELD = Pattern.compile("[!-9;-~]+:.*");
    private static final Set<String> RECIPIENT_FIELDS = Set.of("to", "cc", "bcc", "x-mapisync-recipient");

    private MessageFile() {
    }

    /** @throws IllegalArgumentException naming the file and what is wrong with it */
    static void check(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("mapisync:queue: " + file + " is not a file");
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("mapisync:queue: " + file + " cannot be read");
        }
        boolean recipient = false;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.ISO_8859_1))) {
            String line = in.readLine();
            if (line == null || line.isEmpty()) {
                throw new IllegalArgumentException("mapisync:queue: " + file + " has no header section: it is no "
                        + "RFC 5322 message");
            }
            for (int n = 1; line != null && !line.isEmpty(); line = in.readLine(), n++) {
                if (n > MAX_HEADER_LINES) {
                    throw new IllegalArgumentException("mapisync:queue: " + file + " has a header section of more than "
                            + MAX_HEADER_LINES + " lines");
                }
                boolean continued = line.startsWith(" ") || line.startsWith("\t");
                if (!continued && !FIELD.matcher(line).matches()) {
                    throw new IllegalArgumentException("mapisync:queue: " + file + ", line " + n
                            + ": not a header field (\"Name: value\"); the header section ends at the first empty line");
                }
                if (!continued) {
                    String name = line.substring(0, line.indexOf(':')).toLowerCase(Locale.ROOT);
                    recipient |= RECIPIENT_FIELDS.contains(name) && !line.substring(line.indexOf(':') + 1).isBlank();
                }
            }
        }
        if (!recipient) {
            throw new IllegalArgumentException("mapisync:queue: " + file + " names no recipient (To, Cc, Bcc or "
                    + "X-Mapisync-Recipient)");
        }
    }
}
