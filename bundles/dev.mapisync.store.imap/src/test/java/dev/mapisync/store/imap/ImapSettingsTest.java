package dev.mapisync.store.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ImapSettingsTest {

    @Test
    void plainTextIsRefusedOffLoopbackAndThePasswordNeverShows() {
        TestConfig config = new TestConfig();
        config.host = "imap.example.org";
        config.password = "s3cret-pass";
        var e = assertThrows(IllegalArgumentException.class, () -> ImapSettings.from(config));
        assertTrue(e.getMessage().contains("security NONE") && e.getMessage().contains("imap.example.org"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret-pass"));
        config.host = "127.0.0.1";
        ImapSettings settings = ImapSettings.from(config);
        assertFalse(settings.toString().contains("s3cret-pass"), settings.toString());
    }

    @Test
    void badValuesAreNamed() {
        TestConfig noPassword = new TestConfig();
        noPassword.password = "";
        assertEquals("IMAP account work: user ada has no password",
                assertThrows(IllegalArgumentException.class, () -> ImapSettings.from(noPassword)).getMessage());
        TestConfig port = new TestConfig();
        port.port = 0;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ImapSettings.from(port)).getMessage()
                .contains("port must be 1 to 65535, was 0"));
        TestConfig security = new TestConfig();
        security.security = "SSL";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ImapSettings.from(security)).getMessage()
                .contains("security \"SSL\""));
        TestConfig connections = new TestConfig();
        connections.connections = 0;
        assertEquals("IMAP account work: connections must be 1 to 10, was 0",
                assertThrows(IllegalArgumentException.class, () -> ImapSettings.from(connections)).getMessage());
        connections.connections = 11;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ImapSettings.from(connections)).getMessage()
                .contains("connections must be 1 to 10, was 11"));
    }

    @Test
    void foldersAreIncludedAndExcludedByPattern() {
        TestConfig config = new TestConfig();
        config.include = new String[] {"Inbox", "Projekte*"};
        config.exclude = new String[] {"Projekte/Alt*"};
        ImapSettings settings = ImapSettings.from(config);
        assertTrue(settings.includes("Inbox"));
        assertTrue(settings.includes("Projekte/2026"));
        assertFalse(settings.includes("Projekte/Alt 2019"));
        assertFalse(settings.includes("Spam"));
        assertTrue(ImapSettings.from(new TestConfig()).includes("anything"), "no include list: every folder");
    }
}
