package dev.mapisync.host;

import dev.mapisync.api.Status;
import dev.mapisync.api.host.HostEvents;
import dev.mapisync.api.host.TaskError;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * Posts the host's events to EventAdmin, when one is running; see {@link HostEvents} for the
 * topics and properties. Progress events of a run are thinned: a new step is always posted,
 * numbers at most once per {@link HostEvents#PROGRESS_INTERVAL_MILLIS}.
 */
final class EventPublisher {

    private static final long PROGRESS_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(HostEvents.PROGRESS_INTERVAL_MILLIS);

    private volatile EventAdmin eventAdmin;

    void eventAdmin(EventAdmin eventAdmin) {
        this.eventAdmin = eventAdmin;
    }

    void progress(SyncRun run, boolean newStep) {
        EventAdmin admin = eventAdmin;
        if (admin == null) {
            return;
        }
        long now = System.nanoTime();
        if (!newStep && now - run.lastEventNanos < PROGRESS_INTERVAL_NANOS) {
            return;
        }
        run.lastEventNanos = now;
        Map<String, Object> properties = store(run);
        if (!run.step().isEmpty()) {
            properties.put(HostEvents.STEP, run.step());
        }
        properties.put(HostEvents.INDEX, run.index());
        properties.put(HostEvents.INDEX_MAX, run.indexMax());
        admin.postEvent(new Event(HostEvents.TOPIC_PROGRESS, properties));
    }

    void error(SyncRun run, TaskError error) {
        Map<String, Object> properties = store(run);
        status(properties, error.status());
        properties.put(HostEvents.TEXT, error.text());
        post(HostEvents.TOPIC_ERROR, properties);
    }

    void done(SyncRun run, Status status) {
        Map<String, Object> properties = store(run);
        status(properties, status);
        properties.put(HostEvents.DURATION_MILLIS, run.elapsed().toMillis());
        post(HostEvents.TOPIC_DONE, properties);
    }

    void outbox(String topic, String messageId, Status status, String text) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(HostEvents.MESSAGE_ID, messageId);
        if (status != null) {
            status(properties, status);
            properties.put(HostEvents.TEXT, text);
        }
        post(topic, properties);
    }

    private void post(String topic, Map<String, Object> properties) {
        EventAdmin admin = eventAdmin;
        if (admin != null) {
            admin.postEvent(new Event(topic, properties));
        }
    }

    private static Map<String, Object> store(SyncRun run) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(HostEvents.STORE_ID, run.task().identity().id());
        properties.put(HostEvents.STORE_NAME, run.task().identity().displayName());
        properties.put(HostEvents.PROVIDER, run.task().provider().toString());
        return properties;
    }

    private static void status(Map<String, Object> properties, Status status) {
        properties.put(HostEvents.STATUS, status.name());
        properties.put(HostEvents.STATUS_CODE, status.code());
    }
}
