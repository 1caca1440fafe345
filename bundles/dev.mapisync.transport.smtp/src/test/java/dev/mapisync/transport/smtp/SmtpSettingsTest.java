package dev.mapisync.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapisync.mail.support.MailSecurity;
import org.junit.jupiter.api.Test;

class SmtpSettingsTest {

    @Test
    void plainTextIsRefusedOffLoopback() {
        TestConfig config = new TestConfig();
        config.host = "mail.example.org";
        config.user = "ada";
        config.password = "s3cret-pass";
        var e = assertThrows(IllegalArgumentException.class, () -> SmtpSettings.from(config));
        assertTrue(e.getMessage().contains("security NONE") && e.getMessage().contains("mail.example.org"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret-pass"));
    }

    @Test
    void plainTextIsAllowedOnLoopbackOnly() {
        for (String host : new String[] {"localhost", "127.0.0.1", "127.9.9.9", "::1", "[::1]"}) {
            TestConfig config = new TestConfig();
            config.host = host;
            assertEquals(MailSecurity.NONE, SmtpSettings.from(config).security(), host);
        }
        assertFalse(MailSecurity.isLoopback("localhost.example.org"));
        assertFalse(MailSecurity.isLoopback("10.0.0.1"));
    }

    @Test
    void thePasswordNeverShows() {
        TestConfig config = new TestConfig();
        config.user = "ada";
        config.password = "s3cret-pass";
        SmtpSettings settings = SmtpSettings.from(config);
        assertFalse(settings.toString().contains("s3cret-pass"), settings.toString());
        assertFalse(new SmtpTransport(settings).toString().contains("s3cret-pass"));
    }

    @Test
    void badValuesAreNamed() {
        TestConfig port = new TestConfig();
        port.port = 70000;
        assertEquals("SMTP account work: port must be 1 to 65535, was 70000",
                assertThrows(IllegalArgumentException.class, () -> SmtpSettings.from(port)).getMessage());
        TestConfig security = new TestConfig();
        security.security = "SSL3";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SmtpSettings.from(security)).getMessage()
                .contains("security \"SSL3\""));
        TestConfig noPassword = new TestConfig();
        noPassword.user = "ada";
        assertEquals("SMTP account work: user ada has no password",
                assertThrows(IllegalArgumentException.class, () -> SmtpSettings.from(noPassword)).getMessage());
        TestConfig account = new TestConfig();
        account.account = "my account";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SmtpSettings.from(account)).getMessage()
                .contains("\"my account\""));
    }
}
