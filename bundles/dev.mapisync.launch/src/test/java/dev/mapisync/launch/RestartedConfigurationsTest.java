package dev.mapisync.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Hashtable;
import org.apache.felix.cm.file.FilePersistenceManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartedConfigurationsTest {

    @TempDir
    Path folder;

    @Test
    void defaultsAndTheHttpServersFileAreNotKeptAndAnEarlierCopyGoes() throws Exception {
        RestartedConfigurations store = new RestartedConfigurations(new FilePersistenceManager(folder.toString()));
        store.store("made.by.a.bundle", properties("kept", "yes"));
        assertTrue(store.exists("made.by.a.bundle"));
        assertEquals("yes", store.load("made.by.a.bundle").get("kept"));

        store.store("org.apache.felix.http", properties(RestartedConfigurations.FROM_FILE, "/home/etc/org.apache.felix.http.cfg"));
        assertFalse(store.exists("org.apache.felix.http"), "the HTTP server's file applies again before it listens");

        store.store("dev.mapisync.host", properties(RestartedConfigurations.FROM_FILE, "/home/etc/dev.mapisync.host.cfg"));
        assertTrue(store.exists("dev.mapisync.host"), "other files' configurations are there at the next start");

        store.store("was.kept", properties("port", "8025"));
        store.store("was.kept", properties(RestartedConfigurations.DEFAULT, Boolean.TRUE));
        assertFalse(store.exists("was.kept"), "the copy an earlier session kept is gone once it is a default");
    }

    private static Hashtable<String, Object> properties(String key, Object value) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("service.pid", "x");
        properties.put(key, value);
        return properties;
    }
}
