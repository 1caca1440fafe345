package dev.mapisync.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapisync.api.sync.SyncFlag;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SyncOptionsTest {

    @Test
    void noOptionsSyncsEveryWayAndSendsForAll() {
        SyncOptions all = SyncOptions.parse();
        assertEquals(EnumSet.of(SyncFlag.UPLOAD_HIERARCHY, SyncFlag.DOWNLOAD_HIERARCHY, SyncFlag.UPLOAD_CONTENTS,
                SyncFlag.DOWNLOAD_CONTENTS, SyncFlag.OUTGOING_MAIL), all.flags());
        assertEquals(Optional.empty(), all.storeId());
        SyncOptions one = SyncOptions.parse("imap-work");
        assertEquals(Optional.of("imap-work"), one.storeId());
        assertTrue(!one.flags().contains(SyncFlag.OUTGOING_MAIL), "one store does not drain the Outbox");
    }

    @Test
    void headersOnlyKeepsTheDefaultDirections() {
        SyncOptions headers = SyncOptions.parse("--headers-only", "imap-work");
        assertTrue(headers.flags().contains(SyncFlag.HEADERS_ONLY));
        assertTrue(headers.flags().contains(SyncFlag.DOWNLOAD_CONTENTS));
    }

    @Test
    void downloadBringsItsHierarchy() {
        assertEquals(EnumSet.of(SyncFlag.DOWNLOAD_CONTENTS, SyncFlag.DOWNLOAD_HIERARCHY),
                SyncOptions.parse("--download", "x").flags());
    }

    @Test
    void theDisplayFollowsTheOutputUnlessAsked() {
        assertEquals(SyncOptions.Display.AUTO, SyncOptions.parse("x").display());
        assertEquals(SyncOptions.Display.BARS, SyncOptions.parse("--bars", "x").display());
        assertEquals(SyncOptions.Display.PLAIN, SyncOptions.parse("--plain").display());
        assertEquals(SyncOptions.Display.DETACH, SyncOptions.parse("--detach", "x").display());
    }

    @Test
    void badArgumentsAreNamed() {
        var unknown = assertThrows(IllegalArgumentException.class, () -> SyncOptions.parse("--everything"));
        assertTrue(unknown.getMessage().contains("--everything"), unknown.getMessage());
        var two = assertThrows(IllegalArgumentException.class, () -> SyncOptions.parse("a", "b"));
        assertTrue(two.getMessage().contains("[a, b]"), two.getMessage());
    }
}
