package dev.mapisync.configfiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapisync.configfiles.ConfigFile.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void namesGiveSingleFactoryAndTargetedPids() throws Exception {
        ConfigFile single = read("dev.mapisync.host.cfg", "maxConcurrentSyncs = 2\n");
        assertNull(single.factoryPid());
        assertEquals("dev.mapisync.host", single.pid());

        ConfigFile account = read("dev.mapisync.store.imap-work-mail.cfg", "host = imap.example.com\n");
        assertEquals("dev.mapisync.store.imap", account.factoryPid());
        assertEquals("work-mail", account.pid());

        ConfigFile targeted = read("dev.mapisync.store.imap|dev.mapisync.store.imap|1.0.0-work.cfg", "");
        assertEquals("dev.mapisync.store.imap|dev.mapisync.store.imap|1.0.0", targeted.factoryPid());
        assertEquals("dev.mapisync.store.imap", targeted.metatypePid());
    }

    @Test
    void settingsKeepTheLineTheyStartOn() throws Exception {
        List<Setting> settings = ConfigFile.parse("# comment\n! also a comment\n\nhost = imap.example.com\n"
                + "includeFolders = INBOX, \\\n    Sent\nname: K\\u00e4the\nuser alice\n");
        assertEquals(List.of(new Setting("host", "imap.example.com", 4), new Setting("includeFolders", "INBOX, Sent", 5),
                new Setting("name", "K\u00e4the", 7), new Setting("user", "alice", 8)), settings);
    }

    @Test
    void mistakesNameTheirLine() {
        assertLine(2, "a = 1\njust-a-word\n", "expected key = value");
        assertLine(3, "a = 1\n\na = 2\n", "first on line 1");
        assertLine(1, "= value\n", "no key");
        assertLine(2, "a = 1\nb = \\u12\n", "malformed");
    }

    @Test
    void noMistakeShowsTheTextWhereASecretMayStand() {
        String secret = "MyLeakyPassw0rd";
        for (String text : new String[] {"password =\n" + secret + "\n", secret + "\n", "user = ada\n" + secret + "\n",
            "password = x\n" + secret + " = y\n" + secret + " = z\n", "password = \\u12" + secret + "\n",
            "a = 1\n" + secret + "\\\n"}) {
            ConfigFileException e = assertThrows(ConfigFileException.class, () -> ConfigFile.parse(text), text);
            assertTrue(!e.getMessage().contains(secret) && !e.getMessage().contains("Leaky"), e.getMessage());
            assertTrue(e.line() > 0, "the line is named: " + e.getMessage());
        }
    }

    @Test
    void aFileOverTheLimitIsRefusedUnread() throws Exception {
        Path huge = dir.resolve("dev.mapisync.store.imap-huge.cfg");
        try (var out = Files.newOutputStream(huge)) {
            byte[] line = "# padding padding padding padding padding padding padding padding\n".getBytes();
            for (int written = 0; written <= 50 * 1024 * 1024; written += line.length) {
                out.write(line);
            }
        }
        ConfigFileException e = assertThrows(ConfigFileException.class, () -> ConfigFile.read(huge));
        assertTrue(e.getMessage().contains("larger than 1024 KiB"), e.getMessage());
        Files.writeString(dir.resolve("dev.mapisync.host.cfg"), "# just under\n" + "#".repeat(ConfigFile.MAX_BYTES - 100)
                + "\nmaxConcurrentSyncs = 2\n");
        assertEquals(1, ConfigFile.read(dir.resolve("dev.mapisync.host.cfg")).settings().size());
    }

    @Test
    void badNamesAndEncodingsAreRefused() throws Exception {
        Files.write(dir.resolve("x-.cfg"), new byte[0]);
        assertThrows(ConfigFileException.class, () -> ConfigFile.read(dir.resolve("x-.cfg")));
        Files.write(dir.resolve("latin.cfg"), new byte[] {'a', '=', (byte) 0xe4});
        ConfigFileException e = assertThrows(ConfigFileException.class, () -> ConfigFile.read(dir.resolve("latin.cfg")));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }

    private ConfigFile read(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return ConfigFile.read(file);
    }

    private static void assertLine(int line, String text, String message) {
        ConfigFileException e = assertThrows(ConfigFileException.class, () -> ConfigFile.parse(text));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
