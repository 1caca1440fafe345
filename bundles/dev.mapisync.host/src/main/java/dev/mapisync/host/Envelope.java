package dev.mapisync.host;

import dev.mapisync.api.message.Recipient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Who an Outbox message goes to and comes from, read from its header: {@code To},
 * {@code Cc} and {@code Bcc} give SMTP recipients; {@code X-Mapisync-Recipient: TYPE:address}
 * gives a recipient of any other address type (MAPI's one-off address); {@code Sender} or
 * else {@code From} gives the envelope sender.
 *
 * @param sender the envelope sender's address, empty if the header names none
 * @param recipients every recipient once, in header order
 * @param subject the raw Subject header, empty if none
 */
record Envelope(String sender, List<Recipient> recipients, String subject) {

    /** The header of a message is read up to this many bytes; a longer one is refused. */
    static final int MAX_HEADER_BYTES = 256 * 1024;

    static final String RECIPIENT_HEADER = "x-mapisync-recipient";

    /**
     * @param content the message, positioned at its first byte; read up to the end of the header
     * @throws IOException if it cannot be read
     * @throws IllegalArgumentException if the header is malformed, too long or names no recipient
     */
    static Envelope read(InputStream content) throws IOException {
        List<String[]> fields = unfold(header(content));
        Set<Recipient> recipients = new LinkedHashSet<>();
        String from = "";
        String sender = "";
        String subject = "";
        for (String[] field : fields) {
            String name = field[0];
            String value = field[1];
            switch (name) {
                case "to", "cc", "bcc" -> AddressList.parse(value).forEach(a -> recipients.add(Recipient.smtp(a)));
                case RECIPIENT_HEADER -> recipients.add(oneOff(value));
                case "from" -> from = first(value);
                case "sender" -> sender = first(value);
                case "subject" -> subject = value.trim();
                default -> {
                }
            }
        }
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("the message names no recipient (no To, Cc, Bcc or X-Mapisync-Recipient)");
        }
        return new Envelope(sender.isEmpty() ? from : sender, List.copyOf(recipients), subject);
    }

    private static Recipient oneOff(String value) {
        String text = value.trim();
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("X-Mapisync-Recipient \"" + text + "\" is not TYPE:address");
        }
        return new Recipient(text.substring(0, colon).trim(), text.substring(colon + 1).trim());
    }

    private static String first(String value) {
        List<String> addresses = AddressList.parse(value);
        return addresses.isEmpty() ? "" : addresses.get(0);
    }

    private static String header(InputStream content) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream(4096);
        int last = -1;
        int beforeLast = -1;
        int c;
        while ((c = content.read()) >= 0) {
            if (c == '\n' && (last == '\n' || last == '\r' && beforeLast == '\n')) {
                break;
            }
            if (header.size() == MAX_HEADER_BYTES) {
                throw new IllegalArgumentException("the message header is longer than " + MAX_HEADER_BYTES + " bytes");
            }
            header.write(c);
            beforeLast = last;
            last = c;
        }
        String text = header.toString(StandardCharsets.UTF_8);
        // The CR of the CRLF that ends the header belongs to the blank line, not to the last field.
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** @return each field as {lower-case name, unfolded value} */
    private static List<String[]> unfold(String header) {
        List<String[]> fields = new ArrayList<>();
        StringBuilder current = null;
        for (String line : header.split("\r?\n")) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && current != null) {
                current.append(' ').append(line.trim());
                continue;
            }
            addField(fields, current);
            current = line.isEmpty() ? null : new StringBuilder(line);
        }
        addField(fields, current);
        return fields;
    }

    private static void addField(List<String[]> fields, StringBuilder field) {
        if (field == null) {
            return;
        }
        int colon = field.indexOf(":");
        if (colon <= 0) {
            throw new IllegalArgumentException("malformed header line \"" + field + "\"");
        }
        fields.add(new String[] {field.substring(0, colon).trim().toLowerCase(Locale.ROOT), field.substring(colon + 1)});
    }
}
