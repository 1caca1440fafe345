package dev.mapisync.launch;

import java.nio.file.Path;
import org.apache.felix.cm.PersistenceManager;
import org.apache.felix.cm.file.FilePersistenceManager;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Keeps ConfigAdmin's store in {@code <mapisync.data.dir>/config} (the runnable host:
 * {@code data/config}), where nothing empties it: Felix ConfigAdmin keeps it in its bundle's
 * data area by default, inside the framework storage the launcher empties at every start, so
 * every configuration not made from a file in etc/ was lost at each restart. Felix's own file
 * persistence does the work, registered under the name the framework property
 * {@code felix.cm.pm} gives ({@value #NAME}); ConfigAdmin waits for it before it serves.
 * Defaults this bundle makes and the HTTP server's configuration from a file are not kept
 * ({@link RestartedConfigurations}).
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE)
public final class DataFolderConfigurations {

    /** The persistence manager's name, as {@code felix.cm.pm} names it. */
    static final String NAME = "mapisync-data";
    static final String DATA_DIR = "mapisync.data.dir";

    private final ServiceRegistration<PersistenceManager> registration;

    @Activate
    public DataFolderConfigurations(BundleContext context) {
        String data = context.getProperty(DATA_DIR);
        Path folder = Path.of(data == null || data.isBlank() ? "data" : data.trim(), "config").toAbsolutePath().normalize();
        java.util.Hashtable<String, Object> properties = new java.util.Hashtable<>();
        properties.put(PersistenceManager.PROPERTY_NAME, NAME);
        registration = context.registerService(PersistenceManager.class,
                new RestartedConfigurations(new FilePersistenceManager(folder.toString())), properties);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }
}
