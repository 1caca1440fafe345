package dev.mapisync.store.imap;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** What all IMAP accounts of the host share: PID {@code dev.mapisync.store.imap.budget}. */
@ObjectClassDefinition(name = "mapisync IMAP budget", description = "Connections and message memory shared by every IMAP account of the host.")
@interface ImapBudgetConfig {

    @AttributeDefinition(name = "Connections", min = "1", max = "10000",
            description = "IMAP connections of all accounts at once, kept ones included: a sync's first connection waits "
                    + "its turn, further ones come within a fair share, kept ones are closed oldest first to make room.")
    int maxConnections() default 64;

    @AttributeDefinition(name = "Message memory (MiB)", min = "1", max = "4096",
            description = "Message bytes in memory at once, over all syncs: batch fetches on the wire and messages "
                    + "waiting for the disk.")
    int messageMegabytes() default 24;
}
