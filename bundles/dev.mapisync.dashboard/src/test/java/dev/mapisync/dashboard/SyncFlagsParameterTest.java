package dev.mapisync.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapisync.api.sync.SyncFlag;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class SyncFlagsParameterTest {

    @Test
    void namesSymbolsAndDefaults() {
        assertEquals(EnumSet.of(SyncFlag.DOWNLOAD_CONTENTS, SyncFlag.HEADERS_ONLY),
                ApiServlet.flags("download_contents, SYNC_GLOBAL_HEADERS", false));
        assertEquals(EnumSet.of(SyncFlag.UPLOAD_HIERARCHY, SyncFlag.DOWNLOAD_HIERARCHY, SyncFlag.UPLOAD_CONTENTS,
                SyncFlag.DOWNLOAD_CONTENTS, SyncFlag.OUTGOING_MAIL), ApiServlet.flags(null, true));
        assertEquals(EnumSet.of(SyncFlag.UPLOAD_HIERARCHY, SyncFlag.DOWNLOAD_HIERARCHY, SyncFlag.UPLOAD_CONTENTS,
                SyncFlag.DOWNLOAD_CONTENTS, SyncFlag.HEADERS_ONLY), ApiServlet.flags("headers-only", false));
    }

    @Test
    void anUnknownFlagIsNamed() {
        ApiServlet.BadRequest e = assertThrows(ApiServlet.BadRequest.class, () -> ApiServlet.flags("DOWNLOAD,bogus", false));
        assertEquals(400, e.code);
        assertTrue(e.getMessage().startsWith("unknown flag 'DOWNLOAD'"), e.getMessage());
    }
}
