package dev.mapisync.api.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RecipientTest {

    @Test
    void addressTypeIsUpperCased() {
        assertEquals("SMTP", new Recipient("smtp", "ada@example.org").addressType());
    }

    @Test
    void headerInjectionIsRefused() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Recipient.smtp("ada@example.org\r\nBcc: eve@example.org"));
        assertTrue(e.getMessage().contains("line breaks"), e.getMessage());
    }

    @Test
    void badAddressTypeIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Recipient("SM TP", "a@b"));
        assertTrue(e.getMessage().contains("\"SM TP\""), e.getMessage());
    }
}
