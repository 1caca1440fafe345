package dev.mapisync.launch;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Enumeration;
import org.apache.felix.cm.PersistenceManager;

/**
 * ConfigAdmin's store, without what is made again at every start: configurations applied from
 * files in etc/ (they carry {@value #FROM_FILE}) and the defaults this bundle makes (they carry
 * {@value #DEFAULT}). Kept, such a configuration would reach its service at the next start
 * before the file does; a file edited while the host was down would first apply as it was
 * (the HTTP server would listen on the old port for a moment).
 */
final class RestartedConfigurations implements PersistenceManager {

    /** The property the account files bundle gives every configuration it applies from a file. */
    static final String FROM_FILE = "mapisync.configfile";
    /** The property of a default this bundle makes. */
    static final String DEFAULT = "mapisync.launch.default";

    private final PersistenceManager files;

    RestartedConfigurations(PersistenceManager files) {
        this.files = files;
    }

    @Override
    public boolean exists(String pid) {
        return files.exists(pid);
    }

    @Override
    public Dictionary<String, Object> load(String pid) throws IOException {
        return files.load(pid);
    }

    @Override
    public Enumeration<Dictionary<String, Object>> getDictionaries() throws IOException {
        return files.getDictionaries();
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public void store(String pid, Dictionary properties) throws IOException {
        if (properties.get(FROM_FILE) != null || properties.get(DEFAULT) != null) {
            // Made again at the next start; a copy kept from an earlier session goes.
            files.delete(pid);
            return;
        }
        files.store(pid, properties);
    }

    @Override
    public void delete(String pid) throws IOException {
        files.delete(pid);
    }
}
