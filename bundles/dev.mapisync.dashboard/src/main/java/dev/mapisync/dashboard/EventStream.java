package dev.mapisync.dashboard;

import dev.mapisync.api.host.OutboxEntry;
import dev.mapisync.api.host.ProviderProblem;
import dev.mapisync.api.host.SendReceive;
import dev.mapisync.api.host.TaskStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Pushes the host's state to every open page as Server-Sent Events: a {@code snapshot} event
 * (the same JSON as {@code GET /mapisync/api/status}) when a page connects, then after each
 * burst of host events (progress, error, done, Outbox), at most four a second, a
 * {@code changes} event with only the rows that changed ({@link PushedRows}). Pages never
 * poll. One thread (the pusher) makes every push and adds every page, so a page's changes
 * always follow the snapshot it got.
 */
@Component(service = {Servlet.class, EventHandler.class},
        property = EventConstants.EVENT_TOPIC + "=dev/mapisync/*")
@HttpWhiteboardServletPattern("/mapisync/events")
@HttpWhiteboardServletAsyncSupported
public class EventStream extends HttpServlet implements EventHandler {

    private static final long serialVersionUID = 1L;
    /** Host events closer together than this make one push: each push looks at every row (1,000 of them, say). */
    private static final long COALESCE_MILLIS = 250;
    /** A comment line now and then finds the pages that went away. */
    private static final long KEEPALIVE_SECONDS = 15;

    private final transient SendReceive host;
    private final transient List<AsyncContext> pages = new CopyOnWriteArrayList<>();
    private final transient ScheduledExecutorService pusher = Executors.newSingleThreadScheduledExecutor(
            r -> new Thread(r, "mapisync-dashboard-push"));
    private final transient AtomicBoolean pushPending = new AtomicBoolean();
    private final transient PushedRows pushed = new PushedRows();

    @Activate
    public EventStream(@Reference SendReceive host) {
        this.host = host;
        pusher.scheduleWithFixedDelay(() -> send(": keepalive\n\n"), KEEPALIVE_SECONDS, KEEPALIVE_SECONDS, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        pusher.shutdownNow();
        for (AsyncContext page : pages) {
            page.complete();
        }
        pages.clear();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        AsyncContext page = request.startAsync();
        page.setTimeout(0);
        page.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                pages.remove(page);
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                pages.remove(page);
            }

            @Override
            public void onError(AsyncEvent event) {
                pages.remove(page);
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        pusher.execute(() -> {
            // One reading of the host: the open pages get what changed up to it, the new page all of it.
            Instant now = Instant.now();
            List<TaskStatus> tasks = host.status();
            List<OutboxEntry> outbox = host.outbox();
            List<ProviderProblem> problems = host.providerProblems();
            sendChanges(pushed.changes(now, tasks, outbox, problems));
            write(page, "event: snapshot\ndata: " + Json.write(StatusJson.snapshot(now, tasks, outbox, problems)) + "\n\n");
            pages.add(page);
        });
    }

    @Override
    public void handleEvent(Event event) {
        if (pushPending.compareAndSet(false, true)) {
            pusher.schedule(() -> {
                pushPending.set(false);
                push();
            }, COALESCE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Sends the open pages what changed; on the pusher thread only. */
    private void push() {
        if (pages.isEmpty()) {
            // Nobody to tell: a page that connects gets the whole table.
            return;
        }
        sendChanges(pushed.changes(Instant.now(), host.status(), host.outbox(), host.providerProblems()));
    }

    private void sendChanges(Map<String, Object> changes) {
        if (changes != null && !pages.isEmpty()) {
            send("event: changes\ndata: " + Json.write(changes) + "\n\n");
        }
    }

    private void send(String text) {
        for (AsyncContext page : pages) {
            write(page, text);
        }
    }

    private void write(AsyncContext page, String text) {
        try {
            var out = page.getResponse().getOutputStream();
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException | IllegalStateException gone) {
            pages.remove(page);
            try {
                page.complete();
            } catch (IllegalStateException alreadyDone) {
                // The page was completed meanwhile.
            }
        }
    }
}
