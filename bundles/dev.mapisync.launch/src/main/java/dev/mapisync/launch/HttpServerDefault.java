package dev.mapisync.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * Where the dashboard's HTTP server listens when nothing says: 127.0.0.1 and
 * {@code mapisync.http.port} (8025). Felix HTTP starts Jetty on its framework properties at
 * once and only then reads its configuration, so the runnable host gives it none to start on
 * ({@code org.osgi.service.http.port=-1}): it listens where etc/org.apache.felix.http.cfg says,
 * once that file is applied, and never on a default port before. With no such file, no
 * configuration an operator made, and no port given on the command line, this component makes
 * the default configuration (made again at every start, never kept).
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE)
public final class HttpServerDefault {

    static final String PID = "org.apache.felix.http";
    static final String PORT = "org.osgi.service.http.port";
    static final String HOST = "org.apache.felix.http.host";

    @Activate
    public HttpServerDefault(BundleContext context, @Reference ConfigurationAdmin configurationAdmin)
            throws IOException, InvalidSyntaxException {
        String port = context.getProperty(PORT);
        String etc = context.getProperty("mapisync.etc.dir");
        boolean file = etc != null && Files.exists(Path.of(etc, PID + ".cfg"));
        boolean made = configurationAdmin.listConfigurations("(service.pid=" + PID + ")") != null;
        if (!"-1".equals(port == null ? "" : port.trim()) || file || made) {
            return;
        }
        String defaultPort = context.getProperty("mapisync.http.port");
        String host = context.getProperty(HOST);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(PORT, Integer.valueOf(defaultPort == null ? "8025" : defaultPort.trim()));
        properties.put(HOST, host == null ? "127.0.0.1" : host);
        properties.put(RestartedConfigurations.DEFAULT, Boolean.TRUE);
        Configuration configuration = configurationAdmin.getConfiguration(PID, "?");
        configuration.update(properties);
    }
}
