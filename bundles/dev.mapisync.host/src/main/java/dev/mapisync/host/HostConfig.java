package dev.mapisync.host;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The host's configuration, PID {@code dev.mapisync.host}. */
@ObjectClassDefinition(
        name = "mapisync host",
        description = "How the host runs Send/Receive: concurrency, schedule, timeouts and Outbox retries.")
@interface HostConfig {

    @AttributeDefinition(name = "Concurrent syncs", min = "1", max = "256",
            description = "How many store syncs run at once; further requests wait in a queue, on-demand ones first.")
    int maxConcurrentSyncs() default 4;

    @AttributeDefinition(name = "Default sync interval (s)", min = "0",
            description = "Seconds between scheduled syncs of a store that does not name its own interval "
                    + "(service property mapisync.sync.interval); 0 syncs such stores on demand only.")
    long defaultIntervalSeconds() default 900;

    @AttributeDefinition(name = "Sync timeout (s)", min = "1",
            description = "A sync that has not called done after this many seconds is cancelled and marked timed out.")
    long syncTimeoutSeconds() default 1800;

    @AttributeDefinition(name = "First Outbox retry (ms)", min = "1",
            description = "Delay before the first retry of a message that failed transiently; it doubles with each attempt.")
    long outboxRetryBaseMillis() default 60_000;

    @AttributeDefinition(name = "Longest Outbox retry (ms)", min = "1",
            description = "The delay between retries grows up to this.")
    long outboxRetryMaxMillis() default 3_600_000;

    @AttributeDefinition(name = "Outbox journal directory",
            description = "Where the host keeps its durable record of Outbox submissions; empty: outbox/ in the folder "
                    + "the framework property mapisync.data.dir names (the runnable host: data/outbox), else the host "
                    + "bundle's data area. A change applies at once: the records move to the new directory.")
    String outboxJournalDirectory() default "";
}
