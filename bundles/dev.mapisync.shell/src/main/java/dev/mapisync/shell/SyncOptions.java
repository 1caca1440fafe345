package dev.mapisync.shell;

import dev.mapisync.api.sync.SyncFlag;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The arguments of {@code mapisync:sync}: options choosing what to sync, then at most one
 * store id. Without a direction option, a sync goes every way (and, for all stores, sends the
 * Outbox).
 *
 * @param flags the flags to ask for
 * @param storeId the one store to sync, or empty for all
 * @param display how the command shows the syncs it started
 */
record SyncOptions(Set<SyncFlag> flags, Optional<String> storeId, Display display) {

    static final String USAGE = "usage: mapisync:sync [--headers-only] [--download] [--upload] [--hierarchy] [--send] "
            + "[--bars | --plain | --detach] [store-id]";

    /** How the command shows the syncs it started: as the output is (a terminal gets bars), or as asked. */
    enum Display {
        AUTO, BARS, PLAIN, DETACH
    }

    /** @throws IllegalArgumentException for an unknown option or more than one store id, naming it */
    static SyncOptions parse(String... args) {
        EnumSet<SyncFlag> flags = EnumSet.noneOf(SyncFlag.class);
        List<String> ids = new ArrayList<>();
        boolean hierarchyOnly = false;
        Display display = Display.AUTO;
        for (String arg : args) {
            switch (arg) {
                case "--bars" -> display = Display.BARS;
                case "--plain" -> display = Display.PLAIN;
                case "--detach" -> display = Display.DETACH;
                case "--headers-only" -> flags.add(SyncFlag.HEADERS_ONLY);
                case "--download" -> flags.add(SyncFlag.DOWNLOAD_CONTENTS);
                case "--upload" -> flags.add(SyncFlag.UPLOAD_CONTENTS);
                case "--hierarchy" -> hierarchyOnly = true;
                case "--send" -> flags.add(SyncFlag.OUTGOING_MAIL);
                default -> {
                    if (arg.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + arg + "; " + USAGE);
                    }
                    ids.add(arg);
                }
            }
        }
        if (ids.size() > 1) {
            throw new IllegalArgumentException("one store id at most, got " + ids + "; " + USAGE);
        }
        if (hierarchyOnly) {
            flags.add(SyncFlag.DOWNLOAD_HIERARCHY);
            flags.add(SyncFlag.UPLOAD_HIERARCHY);
        }
        addImplied(flags, ids.isEmpty());
        return new SyncOptions(Set.copyOf(flags), ids.stream().findFirst(), display);
    }

    /**
     * No direction named is a whole Send/Receive (with the Outbox, for all stores); contents
     * need the folders they live in.
     */
    private static void addImplied(EnumSet<SyncFlag> flags, boolean allStores) {
        if (flags.stream().noneMatch(SyncFlag.DIRECTIONS::contains)) {
            flags.addAll(EnumSet.of(SyncFlag.UPLOAD_HIERARCHY, SyncFlag.DOWNLOAD_HIERARCHY, SyncFlag.UPLOAD_CONTENTS,
                    SyncFlag.DOWNLOAD_CONTENTS));
            if (allStores) {
                flags.add(SyncFlag.OUTGOING_MAIL);
            }
        } else if (flags.contains(SyncFlag.DOWNLOAD_CONTENTS) || flags.contains(SyncFlag.UPLOAD_CONTENTS)) {
            flags.add(flags.contains(SyncFlag.DOWNLOAD_CONTENTS) ? SyncFlag.DOWNLOAD_HIERARCHY : SyncFlag.UPLOAD_HIERARCHY);
        }
    }
}
