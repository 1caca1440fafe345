package dev.mapisync.it.providers;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A bundle that keeps state in ConfigAdmin, as a management console or an operator's own
 * bundle does: at its first start it makes a configuration, at every later one it says what
 * it found.
 */
@Component(immediate = true, service = {})
public class ConfigurationKeeper {

    static final String PID = "test.kept";

    @Activate
    public ConfigurationKeeper(@Reference ConfigurationAdmin admin) throws IOException {
        Configuration configuration = admin.getConfiguration(PID, "?");
        Dictionary<String, Object> properties = configuration.getProperties();
        if (properties == null) {
            Hashtable<String, Object> made = new Hashtable<>();
            made.put("made", "at-the-first-start");
            configuration.update(made);
            System.out.println("test.kept: made");
        } else {
            System.out.println("test.kept: found " + properties.get("made"));
        }
    }
}
