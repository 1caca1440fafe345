package dev.mapisync.launch;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Enumeration;
import org.apache.felix.cm.PersistenceManager;

/**
 * ConfigAdmin's store, without what must not apply before etc/ does at the next start: the
 * defaults this bundle makes (they carry {@value #DEFAULT}) and the HTTP server's
 * configuration from a file ({@value #HTTP_PID} carrying {@value #FROM_FILE}). Kept, the
 * HTTP server would listen for a moment on the port of a file edited while the host was down.
 * Every other configuration from a file is kept: a service that needs its settings at start
 * (the host's outboxJournalDirectory) then has them before the file is read again.
 */
final class RestartedConfigurations implements PersistenceManager {

    /** The property the account files bundle gives every configuration it applies from a file. */
    static final String FROM_FILE = "mapisync.configfile";
    /** The property of a default this bundle makes. */
    static final String DEFAULT = "mapisync.launch.default";
    /** The HTTP server's PID. */
    static final String HTTP_PID = "org.apache.felix.http";

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
        if (properties.get(DEFAULT) != null || HTTP_PID.equals(pid) && properties.get(FROM_FILE) != null) {
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
