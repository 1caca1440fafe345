package dev.mapisync.store.local;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The default store's configuration, PID {@code dev.mapisync.store.local}. */
@ObjectClassDefinition(name = "mapisync local store",
        description = "Where the default store and the replicas of remote stores keep their Maildir++ folders.")
public @interface LocalStoreConfig {

    @AttributeDefinition(name = "Data directory",
            description = "Holds default/ (the default store) and replicas/ (one per remote store); relative paths are "
                    + "taken from the host's working directory.")
    /** @return the data directory */
    String dataDirectory() default "./data";
}
