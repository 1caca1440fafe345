package dev.mapisync.host;

import java.time.Duration;

/**
 * The host's configuration, checked. A bad value is refused with a message naming the
 * property, so a typo in a configuration file never starts a host that behaves oddly.
 */
record HostSettings(int maxConcurrentSyncs, Duration defaultInterval, Duration syncTimeout, Duration retryBase,
        Duration retryMax, String journalDirectory) {

    static HostSettings from(HostConfig config) {
        int concurrent = config.maxConcurrentSyncs();
        if (concurrent < 1 || concurrent > 256) {
            throw new IllegalArgumentException("dev.mapisync.host: maxConcurrentSyncs must be 1 to 256, was " + concurrent);
        }
        return new HostSettings(concurrent,
                Duration.ofSeconds(atLeast("defaultIntervalSeconds", config.defaultIntervalSeconds(), 0)),
                Duration.ofSeconds(atLeast("syncTimeoutSeconds", config.syncTimeoutSeconds(), 1)),
                Duration.ofMillis(atLeast("outboxRetryBaseMillis", config.outboxRetryBaseMillis(), 1)),
                Duration.ofMillis(atLeast("outboxRetryMaxMillis", config.outboxRetryMaxMillis(), 1)),
                config.outboxJournalDirectory() == null ? "" : config.outboxJournalDirectory().trim());
    }

    private static long atLeast(String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException("dev.mapisync.host: " + name + " must be at least " + min + ", was " + value);
        }
        return value;
    }
}
