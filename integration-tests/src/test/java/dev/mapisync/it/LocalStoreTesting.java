package dev.mapisync.it;

import java.nio.file.Path;
import java.util.Map;

/** How tests configure the default local store. */
final class LocalStoreTesting {

    static final String PID = "dev.mapisync.store.local";

    private LocalStoreTesting() {
    }

    static Map<String, Object> config(Path dataDirectory) {
        return Map.of("dataDirectory", dataDirectory.toString());
    }
}
