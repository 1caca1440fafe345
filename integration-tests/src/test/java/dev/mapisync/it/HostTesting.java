package dev.mapisync.it;

import static org.junit.Assert.assertNotNull;

import dev.mapisync.api.Status;
import dev.mapisync.api.host.HostEvents;
import dev.mapisync.api.host.SendReceive;
import dev.mapisync.api.host.TaskStatus;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.util.tracker.ServiceTracker;

/** What the host tests share: configuring and starting the host, finding bundles and status rows. */
final class HostTesting {

    private HostTesting() {
    }

    /**
     * Configures the host (once) and starts its bundle if it is not running yet.
     *
     * @return the host's SendReceive service
     */
    static SendReceive start(BundleContext context, ConfigurationAdmin configurationAdmin, Map<String, Object> config)
            throws Exception {
        org.osgi.service.cm.Configuration configuration = configurationAdmin.getConfiguration("dev.mapisync.host", "?");
        if (configuration.getProperties() == null) {
            Dictionary<String, Object> properties = new Hashtable<>(config);
            configuration.update(properties);
        }
        Bundle host = bundle(context, "dev.mapisync.host");
        if (host.getState() != Bundle.ACTIVE) {
            host.start();
        }
        ServiceTracker<SendReceive, SendReceive> tracker = new ServiceTracker<>(context, SendReceive.class, null);
        tracker.open();
        SendReceive service = tracker.waitForService(10_000);
        assertNotNull("the host offers SendReceive", service);
        return service;
    }

    static Bundle bundle(BundleContext context, String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }

    static TaskStatus status(SendReceive host, String id) {
        return host.status().stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no status for " + id + " in " + host.status()));
    }

    /** Waits for a store's n-th (0-based) end since the recorder started and returns its status. */
    static Status end(HostEventRecorder events, SendReceive host, String id, int n) {
        Await.until(id + " ends sync number " + (n + 1), () -> events.of(HostEvents.TOPIC_DONE, id).size() > n,
                () -> host.status());
        Event done = events.of(HostEvents.TOPIC_DONE, id).get(n);
        return Status.valueOf((String) done.getProperty(HostEvents.STATUS));
    }
}
