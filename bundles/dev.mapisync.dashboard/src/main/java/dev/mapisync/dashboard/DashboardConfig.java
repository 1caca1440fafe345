package dev.mapisync.dashboard;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The dashboard's own settings (PID {@code dev.mapisync.dashboard}). Where it listens is the
 * HTTP server's setting: PID {@code org.apache.felix.http} ({@code org.osgi.service.http.port},
 * {@code org.apache.felix.http.host}), 127.0.0.1 by default.
 */
@ObjectClassDefinition(name = "mapisync dashboard", description = "The Send/Receive web page and its JSON API.")
public @interface DashboardConfig {

    @AttributeDefinition(name = "Access token", type = AttributeType.PASSWORD, required = false,
            description = "Required from every request when set (Authorization: Bearer <token>, or ?token=); without one the "
                    + "dashboard answers on loopback addresses only. May come from $[secret:...].")
    String accessToken() default "";
}
