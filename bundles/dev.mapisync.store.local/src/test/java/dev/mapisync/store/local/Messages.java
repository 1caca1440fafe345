package dev.mapisync.store.local;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Test messages. */
final class Messages {

    private Messages() {
    }

    static String text(String subject, String body) {
        return "From: Ada <ada@example.org>\r\nTo: bob@example.org\r\nSubject: " + subject + "\r\n"
                + "Message-ID: <" + Math.abs((subject + body).hashCode()) + "@example.org>\r\n\r\n" + body + "\r\n";
    }

    static InputStream stream(String subject, String body) {
        return new ByteArrayInputStream(text(subject, body).getBytes(StandardCharsets.UTF_8));
    }

    static String read(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
