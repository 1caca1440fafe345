package dev.mapisync.it;

import dev.mapisync.api.host.HostEvents;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/** Records every event the host publishes, as an EventAdmin handler. */
final class HostEventRecorder implements EventHandler, AutoCloseable {

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final ServiceRegistration<EventHandler> registration;

    HostEventRecorder(BundleContext context) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, HostEvents.TOPIC_ALL);
        registration = context.registerService(EventHandler.class, this, properties);
    }

    @Override
    public void handleEvent(Event event) {
        events.add(event);
    }

    /** @return the events of one topic about one store, in order */
    List<Event> of(String topic, String storeId) {
        return events.stream().filter(e -> e.getTopic().equals(topic) && storeId.equals(e.getProperty(HostEvents.STORE_ID)))
                .collect(Collectors.toList());
    }

    List<Event> all() {
        return List.copyOf(events);
    }

    @Override
    public void close() {
        registration.unregister();
    }
}
