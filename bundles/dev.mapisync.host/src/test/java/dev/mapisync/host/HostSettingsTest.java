package dev.mapisync.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.annotation.Annotation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HostSettingsTest {

    /** A configuration as DS would hand it over, with the defaults unless overridden. */
    private static class Config implements HostConfig {
        int concurrent = 4;
        long interval = 900;
        long timeout = 1800;
        long retryBase = 60_000;

        @Override
        public Class<? extends Annotation> annotationType() {
            return HostConfig.class;
        }

        @Override
        public int maxConcurrentSyncs() {
            return concurrent;
        }

        @Override
        public long defaultIntervalSeconds() {
            return interval;
        }

        @Override
        public long syncTimeoutSeconds() {
            return timeout;
        }

        @Override
        public long outboxRetryBaseMillis() {
            return retryBase;
        }

        @Override
        public long outboxRetryMaxMillis() {
            return 3_600_000;
        }

        @Override
        public String outboxJournalDirectory() {
            return " /var/lib/mapisync/outbox ";
        }
    }

    @Test
    void defaultsAreTakenAsTheyAre() {
        HostSettings settings = HostSettings.from(new Config());
        assertEquals(4, settings.maxConcurrentSyncs());
        assertEquals(Duration.ofMinutes(15), settings.defaultInterval());
        assertEquals(Duration.ofMinutes(30), settings.syncTimeout());
        assertEquals("/var/lib/mapisync/outbox", settings.journalDirectory());
    }

    @Test
    void badValuesAreRefusedNamingTheProperty() {
        Config zero = new Config();
        zero.concurrent = 0;
        assertEquals("dev.mapisync.host: maxConcurrentSyncs must be 1 to 256, was 0",
                assertThrows(IllegalArgumentException.class, () -> HostSettings.from(zero)).getMessage());
        Config negative = new Config();
        negative.interval = -5;
        assertEquals("dev.mapisync.host: defaultIntervalSeconds must be at least 0, was -5",
                assertThrows(IllegalArgumentException.class, () -> HostSettings.from(negative)).getMessage());
        Config noTimeout = new Config();
        noTimeout.timeout = 0;
        assertThrows(IllegalArgumentException.class, () -> HostSettings.from(noTimeout));
        Config noRetry = new Config();
        noRetry.retryBase = 0;
        assertThrows(IllegalArgumentException.class, () -> HostSettings.from(noRetry));
    }
}
