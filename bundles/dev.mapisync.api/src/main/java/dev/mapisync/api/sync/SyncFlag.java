package dev.mapisync.api.sync;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a sync is asked to do: one bit of MAPISIB's {@code ulFlags}.
 *
 * <p>MAPI counterpart: the {@code SYNC_*} flags of {@code MAPISIB}. Each constant carries
 * its MAPI bit value, so a set of flags converts to a mask and back without loss:
 * {@code fromMask(toMask(s)).equals(s)} for every set {@code s}, and
 * {@code toMask(fromMask(m)) == m} for every mask {@code m} that {@code fromMask} accepts.
 * A mask with a bit that no constant carries is refused, never silently narrowed. Thread-safe.
 */
public enum SyncFlag {
    /** Push folder-hierarchy changes to the server. {@code SYNC_UPLOAD_HIERARCHY}. */
    UPLOAD_HIERARCHY(0x00000001, "SYNC_UPLOAD_HIERARCHY"),
    /** Pull folder-hierarchy changes from the server. {@code SYNC_DOWNLOAD_HIERARCHY}. */
    DOWNLOAD_HIERARCHY(0x00000002, "SYNC_DOWNLOAD_HIERARCHY"),
    /** Push message changes to the server. {@code SYNC_UPLOAD_CONTENTS}. */
    UPLOAD_CONTENTS(0x00000040, "SYNC_UPLOAD_CONTENTS"),
    /** Pull message changes from the server. {@code SYNC_DOWNLOAD_CONTENTS}. */
    DOWNLOAD_CONTENTS(0x00000080, "SYNC_DOWNLOAD_CONTENTS"),
    /** Send outgoing mail. {@code SYNC_OUTGOING_MAIL} (reserved in MAPI; mapisync's host uses it). */
    OUTGOING_MAIL(0x00000200, "SYNC_OUTGOING_MAIL"),
    /** Headers only: bodies are fetched later, on demand. {@code SYNC_GLOBAL_HEADERS}. */
    HEADERS_ONLY(0x02000000, "SYNC_GLOBAL_HEADERS"),
    /** Started by the user: runs before scheduled work. {@code SYNC_ON_DEMAND}. */
    ON_DEMAND(0x20000000, "SYNC_ON_DEMAND");

    /** The flags that name work to do; a request needs at least one of them. */
    public static final Set<SyncFlag> DIRECTIONS = Set.copyOf(
            EnumSet.of(UPLOAD_HIERARCHY, DOWNLOAD_HIERARCHY, UPLOAD_CONTENTS, DOWNLOAD_CONTENTS, OUTGOING_MAIL));

    /** The mask of every defined flag. */
    public static final int ALL_BITS = toMask(EnumSet.allOf(SyncFlag.class));

    private final int bit;
    private final String mapiName;

    SyncFlag(int bit, String mapiName) {
        this.bit = bit;
        this.mapiName = mapiName;
    }

    /** @return the MAPI bit value, for example {@code 0x00000080} for {@link #DOWNLOAD_CONTENTS} */
    public int bit() {
        return bit;
    }

    /** @return the MAPI name, for example {@code SYNC_DOWNLOAD_CONTENTS} */
    public String mapiName() {
        return mapiName;
    }

    /**
     * @param flags any set of flags, possibly empty
     * @return the MAPI mask with the bit of each flag set
     */
    public static int toMask(Set<SyncFlag> flags) {
        int mask = 0;
        for (SyncFlag flag : flags) {
            mask |= flag.bit;
        }
        return mask;
    }

    /**
     * @param mask a MAPI {@code ulFlags} value
     * @return the flags whose bits are set (a new, modifiable set)
     * @throws IllegalArgumentException if the mask has a bit no flag carries; the message
     *         names the unknown bits
     */
    public static EnumSet<SyncFlag> fromMask(int mask) {
        int unknown = mask & ~ALL_BITS;
        if (unknown != 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "unknown sync flag bits 0x%08X in mask 0x%08X (known bits: 0x%08X)", unknown, mask, ALL_BITS));
        }
        EnumSet<SyncFlag> flags = EnumSet.noneOf(SyncFlag.class);
        for (SyncFlag flag : values()) {
            if ((mask & flag.bit) != 0) {
                flags.add(flag);
            }
        }
        return flags;
    }
}
