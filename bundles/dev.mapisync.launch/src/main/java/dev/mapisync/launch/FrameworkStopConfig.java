package dev.mapisync.launch;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** How long the framework may take to stop when the process is asked to end; PID {@code dev.mapisync.launch}. */
@ObjectClassDefinition(name = "mapisync shutdown",
        description = "When the host process is asked to end (SIGTERM, SIGINT or Ctrl-C), the framework is stopped: "
                + "syncs are cancelled and the stores close their files. A bundle that does not let go in time does not "
                + "keep the process alive.")
public @interface FrameworkStopConfig {

    @AttributeDefinition(name = "Stop timeout (seconds)", min = "1", max = "600",
            description = "How long the framework may take to stop; after it the process ends anyway, and the stores "
                    + "check their files against their indexes at the next start.")
    /** @return seconds */
    int stopTimeoutSeconds() default FrameworkStopHook.DEFAULT_TIMEOUT_SECONDS;
}
