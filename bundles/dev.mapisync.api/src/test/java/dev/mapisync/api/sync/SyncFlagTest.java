package dev.mapisync.api.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncFlagTest {

    private static final SyncFlag[] FLAGS = SyncFlag.values();

    @Test
    void bitsAreMapisOwn() {
        Map<SyncFlag, Integer> mapi = Map.of(
                SyncFlag.UPLOAD_HIERARCHY, 0x00000001,
                SyncFlag.DOWNLOAD_HIERARCHY, 0x00000002,
                SyncFlag.UPLOAD_CONTENTS, 0x00000040,
                SyncFlag.DOWNLOAD_CONTENTS, 0x00000080,
                SyncFlag.OUTGOING_MAIL, 0x00000200,
                SyncFlag.HEADERS_ONLY, 0x02000000,
                SyncFlag.ON_DEMAND, 0x20000000);
        assertEquals(mapi.size(), FLAGS.length, "every flag has its MAPI value listed here");
        mapi.forEach((flag, bit) -> assertEquals(bit, flag.bit(), flag.name()));
        assertEquals("SYNC_GLOBAL_HEADERS", SyncFlag.HEADERS_ONLY.mapiName());
    }

    @Test
    void everyCombinationRoundTrips() {
        int combinations = 1 << FLAGS.length;
        for (int pick = 0; pick < combinations; pick++) {
            EnumSet<SyncFlag> set = EnumSet.noneOf(SyncFlag.class);
            for (int i = 0; i < FLAGS.length; i++) {
                if ((pick & (1 << i)) != 0) {
                    set.add(FLAGS[i]);
                }
            }
            int mask = SyncFlag.toMask(set);
            assertEquals(set, SyncFlag.fromMask(mask), "set -> mask -> set for " + set);
            assertEquals(mask, SyncFlag.toMask(SyncFlag.fromMask(mask)), "mask -> set -> mask for " + set);
            assertEquals(set.size(), Integer.bitCount(mask), "one bit per flag for " + set);
        }
    }

    @Test
    void everyUnknownBitIsRefusedAndNamed() {
        for (int bit = 0; bit < 32; bit++) {
            int single = 1 << bit;
            if ((SyncFlag.ALL_BITS & single) != 0) {
                continue;
            }
            int mask = single | SyncFlag.DOWNLOAD_CONTENTS.bit();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SyncFlag.fromMask(mask));
            String unknown = String.format("0x%08X", single);
            assertTrue(e.getMessage().contains("unknown sync flag bits " + unknown), e.getMessage());
        }
    }

    @Test
    void emptyMaskIsEmptySet() {
        assertEquals(EnumSet.noneOf(SyncFlag.class), SyncFlag.fromMask(0));
    }
}
