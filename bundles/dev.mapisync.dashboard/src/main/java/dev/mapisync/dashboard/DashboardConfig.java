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
            description = "Required from every request when set (Authorization: Bearer <token>, or the page opened once with "
                    + "?token=, which keeps it in an HttpOnly cookie); without one the dashboard answers on loopback "
                    + "addresses only. May come from $[secret:...]; one that does not resolve closes the dashboard.")
    String accessToken() default "";

    @AttributeDefinition(name = "Allowed host names", required = false,
            description = "Host names the dashboard answers to besides the address it listens on (and localhost there): "
                    + "a DNS name or a reverse proxy's name, as name (any port) or name:port. Requests naming any other "
                    + "host get 421, against DNS rebinding.")
    String[] allowedHosts() default {};
}
