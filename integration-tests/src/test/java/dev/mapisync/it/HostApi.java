package dev.mapisync.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openqa.selenium.json.Json;

/**
 * The runnable host's JSON API (README, "JSON API"), as a script would drive it: start syncs,
 * read a store's row and the Outbox.
 */
final class HostApi {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Json JSON = new Json();

    private final String base;

    HostApi(int port) {
        this.base = "http://127.0.0.1:" + port + "/mapisync/api/";
    }

    /** Starts a sync of one store (every direction), or Send/Receive for all if {@code store} is null. */
    void sync(String store) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(base + "sync"
                + (store == null ? "" : "?store=" + store))).POST(HttpRequest.BodyPublishers.noBody())
                .header("X-Mapisync-Request", "test")
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new AssertionError("POST sync " + store + ": " + answer.statusCode() + " " + answer.body());
        }
    }

    /** @return the store's or transport's row, if the host has one (empty also while the host cannot answer) */
    Optional<Map<String, Object>> task(String id) {
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(base + "stores"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                return Optional.empty();
            }
            List<Map<String, Object>> tasks = JSON.toType(answer.body(), Json.LIST_OF_MAPS_TYPE);
            return tasks.stream().filter(t -> id.equals(t.get("id"))).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Sends the Outbox, and syncs no store. */
    void send() throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(base + "sync?flags=OUTGOING_MAIL"))
                .POST(HttpRequest.BodyPublishers.noBody()).header("X-Mapisync-Request", "test")
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new AssertionError("POST sync (send) : " + answer.statusCode() + " " + answer.body());
        }
    }

    /** Cancels a store's sync, as the page's Cancel does. */
    void cancel(String store) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(base + "cancel?store=" + store))
                .POST(HttpRequest.BodyPublishers.noBody()).header("X-Mapisync-Request", "test")
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new AssertionError("POST cancel " + store + ": " + answer.statusCode() + " " + answer.body());
        }
    }

    /** Sends a held Outbox message again, as the user's retry does. */
    void retry(String messageId) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(base + "outbox/retry?id="
                + java.net.URLEncoder.encode(messageId, java.nio.charset.StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()).header("X-Mapisync-Request", "test")
                .timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new AssertionError("POST outbox/retry " + messageId + ": " + answer.statusCode() + " " + answer.body());
        }
    }

    /** @return the Outbox's entries */
    List<Map<String, Object>> outbox() throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(base + "outbox"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.toType(answer.body(), Json.LIST_OF_MAPS_TYPE);
    }

    /** @return the start of the store's last run, or "" if none ended yet */
    static String lastRunStarted(Map<String, Object> task) {
        Object run = task.get("lastRun");
        return run instanceof Map<?, ?> last ? String.valueOf(last.get("started")) : "";
    }

    /** @return the status of the store's last run, or "" */
    static String lastRunStatus(Map<String, Object> task) {
        Object run = task.get("lastRun");
        return run instanceof Map<?, ?> last ? String.valueOf(last.get("status")) : "";
    }

    static long number(Map<String, Object> task, String key) {
        Object value = task.get(key);
        return value instanceof Number n ? n.longValue() : 0;
    }
}
