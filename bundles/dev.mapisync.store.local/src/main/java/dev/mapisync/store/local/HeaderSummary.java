package dev.mapisync.store.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The Subject and From a contents list shows, read from the start of a message's header.
 * Values are kept as they are (encoded words are not decoded) and cut to a sensible length.
 *
 * @param subject the Subject header, or empty
 * @param from the From header, or empty
 */
record HeaderSummary(String subject, String from) {

    /** The header is read up to this many bytes; a larger one is summarized from what was read. */
    static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int MAX_VALUE = 998;
    private static final Pattern LINE_BREAK = Pattern.compile("\r?\n");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    static HeaderSummary read(InputStream in) throws IOException {
        String header = header(in);
        String subject = "";
        String from = "";
        String current = null;
        StringBuilder value = new StringBuilder();
        for (String line : LINE_BREAK.split(header)) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && current != null) {
                value.append(' ').append(line.trim());
                continue;
            }
            if ("subject".equals(current)) {
                subject = clip(value);
            } else if ("from".equals(current)) {
                from = clip(value);
            }
            int colon = line.indexOf(':');
            current = colon > 0 ? line.substring(0, colon).trim().toLowerCase(Locale.ROOT) : null;
            value.setLength(0);
            if (colon > 0) {
                value.append(line.substring(colon + 1).trim());
            }
        }
        if ("subject".equals(current)) {
            subject = clip(value);
        } else if ("from".equals(current)) {
            from = clip(value);
        }
        return new HeaderSummary(subject, from);
    }

    /** @return the message's header, up to the empty line that ends it (at most {@link #MAX_HEADER_BYTES}) */
    private static String header(InputStream in) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream(2048);
        int last = -1;
        int beforeLast = -1;
        int c;
        while (header.size() < MAX_HEADER_BYTES && (c = in.read()) >= 0) {
            if (c == '\n' && (last == '\n' || last == '\r' && beforeLast == '\n')) {
                break;
            }
            header.write(c);
            beforeLast = last;
            last = c;
        }
        return header.toString(StandardCharsets.UTF_8);
    }

    private static String clip(StringBuilder value) {
        String text = CONTROL.matcher(value).replaceAll(" ").trim();
        return text.length() > MAX_VALUE ? text.substring(0, MAX_VALUE) : text;
    }
}
