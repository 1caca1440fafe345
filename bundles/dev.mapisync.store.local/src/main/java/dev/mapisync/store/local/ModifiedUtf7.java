package dev.mapisync.store.local;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * IMAP's modified UTF-7 (RFC 3501 section 5.1.3), which Dovecot uses for non-ASCII mailbox
 * names on disk: printable ASCII stands for itself ({@code &} as {@code &-}), anything else is
 * UTF-16 in base64 with {@code ,} for {@code /}, between {@code &} and {@code -}.
 *
 * <p>Written here because the store needs nothing more of a mail library; Angus Mail has an
 * equivalent internal class that is not API.
 */
final class ModifiedUtf7 {

    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    private ModifiedUtf7() {
    }

    /**
     * @param text a name
     * @param alsoEncode printable ASCII characters to encode anyway (the store's hierarchy separator)
     */
    static String encode(String text, String alsoEncode) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        StringBuilder pending = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean direct = c >= 0x20 && c <= 0x7e && alsoEncode.indexOf(c) < 0;
            if (direct) {
                flush(out, pending);
                out.append(c == '&' ? "&-" : String.valueOf(c));
            } else {
                pending.append(c);
            }
        }
        flush(out, pending);
        return out.toString();
    }

    private static void flush(StringBuilder out, StringBuilder pending) {
        if (pending.length() == 0) {
            return;
        }
        byte[] utf16 = pending.toString().getBytes(StandardCharsets.UTF_16BE);
        out.append('&').append(ENCODER.encodeToString(utf16).replace('/', ',')).append('-');
        pending.setLength(0);
    }

    /** @throws IllegalArgumentException if {@code text} is not modified UTF-7 */
    static String decode(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '&') {
                out.append(c);
                i++;
                continue;
            }
            int end = text.indexOf('-', i + 1);
            if (end < 0) {
                throw new IllegalArgumentException("unterminated '&' in \"" + text + "\"");
            }
            if (end == i + 1) {
                out.append('&');
            } else {
                byte[] utf16 = DECODER.decode(text.substring(i + 1, end).replace(',', '/'));
                out.append(StandardCharsets.UTF_16BE.decode(ByteBuffer.wrap(utf16)));
            }
            i = end + 1;
        }
        return out.toString();
    }
}
