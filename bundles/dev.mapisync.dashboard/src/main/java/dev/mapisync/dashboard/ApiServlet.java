package dev.mapisync.dashboard;

import dev.mapisync.api.host.SendReceive;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.sync.SyncFlag;
import java.io.IOException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The JSON API behind the page (README, "The dashboard"): read the stores, the status and the
 * Outbox; start, cancel and retry. Inputs are query or form parameters; a bad one is answered
 * with a 4xx and a JSON error naming it, and changes nothing.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/mapisync/api/*")
public class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient SendReceive host;

    @Activate
    public ApiServlet(@Reference SendReceive host) {
        this.host = host;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        String method = request.getMethod();
        try {
            switch (path) {
                case "/stores" -> read(method, response, () -> StatusJson.tasks(host.status()));
                case "/status" -> read(method, response, () -> StatusJson.snapshot(host));
                case "/outbox" -> read(method, response, () -> StatusJson.outbox(host.outbox()));
                case "/sync" -> write(method, response, () -> sync(request));
                case "/cancel" -> write(method, response, () -> cancel(request));
                case "/outbox/retry" -> write(method, response, () -> retry(request));
                default -> ApiResponses.error(response, HttpServletResponse.SC_NOT_FOUND,
                        "no API at " + path + "; see /mapisync/api/stores, status, outbox, sync, cancel, outbox/retry");
            }
        } catch (BadRequest e) {
            ApiResponses.error(response, e.code, e.getMessage());
        } catch (IllegalArgumentException e) {
            // The host names what it does not know (a store, a message) or cannot do (flags that name no work).
            boolean unknown = e.getMessage() != null && (e.getMessage().startsWith("no ") || e.getMessage().contains("holds no message"));
            ApiResponses.error(response, unknown ? HttpServletResponse.SC_NOT_FOUND : HttpServletResponse.SC_BAD_REQUEST,
                    e.getMessage());
        }
    }

    private interface Body {
        Object get();
    }

    private static void read(String method, HttpServletResponse response, Body body) throws IOException {
        if (!method.equals("GET")) {
            throw new BadRequest(HttpServletResponse.SC_METHOD_NOT_ALLOWED, method + " is not allowed here: use GET");
        }
        ApiResponses.json(response, HttpServletResponse.SC_OK, body.get());
    }

    private static void write(String method, HttpServletResponse response, Body body) throws IOException {
        if (!method.equals("POST")) {
            throw new BadRequest(HttpServletResponse.SC_METHOD_NOT_ALLOWED, method + " is not allowed here: use POST");
        }
        ApiResponses.json(response, HttpServletResponse.SC_OK, body.get());
    }

    private Object sync(HttpServletRequest request) {
        String store = request.getParameter("store");
        Set<SyncFlag> flags = flags(request.getParameter("flags"), store == null);
        if (store == null || store.isBlank()) {
            return Map.of("started", host.sendReceiveAll(flags), "flags", names(flags));
        }
        host.sync(store, flags);
        return Map.of("started", 1, "store", store, "flags", names(flags));
    }

    private Object cancel(HttpServletRequest request) {
        String store = required(request, "store");
        return Map.of("store", store, "cancelled", host.cancel(store));
    }

    private Object retry(HttpServletRequest request) {
        String id = required(request, "id");
        host.retry(new MessageId(id));
        return Map.of("id", id, "retried", true);
    }

    /**
     * Flags by their names ({@code DOWNLOAD_CONTENTS,HEADERS_ONLY}, case-insensitive, or their
     * MAPI symbols); none: every direction, and the Outbox too when syncing everything.
     */
    static Set<SyncFlag> flags(String text, boolean all) {
        EnumSet<SyncFlag> flags = EnumSet.noneOf(SyncFlag.class);
        if (text != null && !text.isBlank()) {
            for (String name : text.split(",")) {
                String wanted = name.trim().toUpperCase().replace('-', '_');
                flags.add(Arrays.stream(SyncFlag.values())
                        .filter(f -> f.name().equals(wanted) || f.mapiName().equals(wanted)).findFirst()
                        .orElseThrow(() -> new BadRequest(HttpServletResponse.SC_BAD_REQUEST, "unknown flag '" + name.trim()
                                + "'; flags are " + names(EnumSet.allOf(SyncFlag.class)))));
            }
        }
        if (flags.stream().noneMatch(SyncFlag.DIRECTIONS::contains)) {
            flags.addAll(EnumSet.of(SyncFlag.UPLOAD_HIERARCHY, SyncFlag.DOWNLOAD_HIERARCHY, SyncFlag.UPLOAD_CONTENTS,
                    SyncFlag.DOWNLOAD_CONTENTS));
            if (all) {
                flags.add(SyncFlag.OUTGOING_MAIL);
            }
        }
        return flags;
    }

    private static String names(Set<SyncFlag> flags) {
        return flags.stream().map(SyncFlag::name).collect(Collectors.joining(","));
    }

    private static String required(HttpServletRequest request, String name) {
        String value = request.getParameter(name);
        if (value == null || value.isBlank()) {
            throw new BadRequest(HttpServletResponse.SC_BAD_REQUEST, "parameter '" + name + "' is missing");
        }
        return value;
    }

    /** A request the API refuses, with its HTTP code. */
    static final class BadRequest extends RuntimeException {

        private static final long serialVersionUID = 1L;

        final int code;

        BadRequest(int code, String message) {
            super(message);
            this.code = code;
        }
    }
}
