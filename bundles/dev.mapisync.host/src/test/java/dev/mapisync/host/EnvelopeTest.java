package dev.mapisync.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapisync.api.message.Recipient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

    private static Envelope read(String message) throws IOException {
        return Envelope.read(new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void takesEveryRecipientOnceFromToCcBccAndOneOffs() throws IOException {
        Envelope envelope = read("From: Ada <ada@example.org>\r\n"
                + "To: bob@example.org,\r\n carol@example.org\r\n"
                + "Cc: Bob <bob@example.org>\r\n"
                + "Bcc: dave@example.org\r\n"
                + "X-Mapisync-Recipient: fax:+4930123456\r\n"
                + "Subject: Plans\r\n"
                + "\r\n"
                + "To: not-a-header@example.org\r\n");
        assertEquals("ada@example.org", envelope.sender());
        assertEquals("Plans", envelope.subject());
        assertEquals(List.of(Recipient.smtp("bob@example.org"), Recipient.smtp("carol@example.org"),
                Recipient.smtp("dave@example.org"), new Recipient("FAX", "+4930123456")), envelope.recipients());
    }

    @Test
    void senderHeaderWinsOverFrom() throws IOException {
        Envelope envelope = read("From: a@x.org\nSender: s@x.org\nTo: b@x.org\n\nbody");
        assertEquals("s@x.org", envelope.sender());
    }

    @Test
    void noRecipientIsAClearError() {
        var e = assertThrows(IllegalArgumentException.class, () -> read("From: a@x.org\n\nbody"));
        assertTrue(e.getMessage().contains("names no recipient"), e.getMessage());
    }

    @Test
    void malformedHeaderLineIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> read("To: a@x.org\nthis is no header\n\nbody"));
        assertTrue(e.getMessage().contains("this is no header"), e.getMessage());
    }

    @Test
    void overlongHeaderIsRefused() {
        String huge = "To: a@x.org\nX-Filler: " + "x".repeat(Envelope.MAX_HEADER_BYTES) + "\n\nbody";
        var e = assertThrows(IllegalArgumentException.class, () -> read(huge));
        assertTrue(e.getMessage().contains("longer than"), e.getMessage());
    }

    @Test
    void badOneOffIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> read("X-Mapisync-Recipient: nocolon\n\n"));
        assertTrue(e.getMessage().contains("\"nocolon\""), e.getMessage());
    }
}
