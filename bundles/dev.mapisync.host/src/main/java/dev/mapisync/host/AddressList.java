package dev.mapisync.host;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the addresses out of an RFC 5322 address-list header value: display names, quoted
 * strings, comments and groups are skipped, and each mailbox's addr-spec is returned.
 *
 * <p>Written here rather than taken from Jakarta Mail's {@code InternetAddress} so that the
 * host needs no mail runtime (and no ServiceLoader mediator) inside OSGi.
 */
final class AddressList {

    private AddressList() {
    }

    /**
     * @param value an unfolded header value, for example {@code "Ada, L." <ada@example.org>, bob@example.org}
     * @return the addr-specs, in order
     * @throws IllegalArgumentException if a quote, comment or angle bracket is not closed
     */
    static List<String> parse(String value) {
        List<String> addresses = new ArrayList<>();
        StringBuilder plain = new StringBuilder();
        String angle = null;
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> i = skipQuoted(value, i);
                case '(' -> i = skipComment(value, i);
                case '<' -> {
                    int close = value.indexOf('>', i);
                    if (close < 0) {
                        throw new IllegalArgumentException("unclosed '<' in \"" + value + "\"");
                    }
                    angle = value.substring(i + 1, close).trim();
                    i = close + 1;
                }
                case ':' -> {
                    // A group's display name ends here; its members follow.
                    plain.setLength(0);
                    i++;
                }
                case ',', ';' -> {
                    add(addresses, angle, plain);
                    angle = null;
                    plain.setLength(0);
                    i++;
                }
                default -> {
                    plain.append(c);
                    i++;
                }
            }
        }
        add(addresses, angle, plain);
        return addresses;
    }

    private static void add(List<String> addresses, String angle, StringBuilder plain) {
        String address = angle != null ? angle : plain.toString().trim();
        // A route (<@relay:user@host>) is obsolete syntax; keep what follows it.
        int route = address.startsWith("@") ? address.indexOf(':') : -1;
        if (route >= 0) {
            address = address.substring(route + 1);
        }
        if (!address.isEmpty()) {
            addresses.add(address);
        }
    }

    private static int skipQuoted(String value, int open) {
        for (int i = open + 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("unclosed quote in \"" + value + "\"");
    }

    private static int skipComment(String value, int open) {
        int depth = 0;
        for (int i = open; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("unclosed comment in \"" + value + "\"");
    }
}
