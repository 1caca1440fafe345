package dev.mapisync.shell;

import dev.mapisync.api.host.OutboxEntry;
import dev.mapisync.api.host.SendReceive;
import dev.mapisync.api.host.TaskError;
import dev.mapisync.api.host.TaskStatus;
import dev.mapisync.api.message.MessageId;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code mapisync} Gogo commands: {@code stores}, {@code transports}, {@code sync},
 * {@code cancel}, {@code status}, {@code outbox}, {@code retry}. Each returns text Gogo prints;
 * bad input throws an {@link IllegalArgumentException} whose message names it.
 */
@Component(service = SendReceiveCommands.class, property = {
    "osgi.command.scope=mapisync",
    "osgi.command.function=stores", "osgi.command.function=transports", "osgi.command.function=sync",
    "osgi.command.function=cancel", "osgi.command.function=status", "osgi.command.function=outbox",
    "osgi.command.function=retry"})
public final class SendReceiveCommands {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private final SendReceive host;

    @Activate
    public SendReceiveCommands(@Reference SendReceive host) {
        this.host = host;
    }

    /** {@code mapisync:stores}: every store that syncs, and the providers that cannot run. */
    public String stores() {
        StringBuilder out = new StringBuilder(listing(TaskStatus.Kind.STORE,
                "no store syncs here yet: drop a provider into deploy/ and configure an account"));
        host.providerProblems().forEach(p -> out.append("cannot run: ").append(p.bundle()).append(' ').append(p.version())
                .append(": ").append(p.problem()).append('\n'));
        return out.toString();
    }

    /** {@code mapisync:transports}: every transport. */
    public String transports() {
        return listing(TaskStatus.Kind.TRANSPORT, "no transport is running: outgoing mail waits in the Outbox");
    }

    private String listing(TaskStatus.Kind kind, String none) {
        TextTable table = new TextTable("ID", "NAME", "PROVIDER", "STATE", "LAST RUN", "LAST SUCCESS");
        List<TaskStatus> rows = host.status().stream().filter(s -> s.kind() == kind).toList();
        if (rows.isEmpty()) {
            return none + "\n";
        }
        for (TaskStatus s : rows) {
            table.row(s.id(), s.name(), s.provider() + " " + s.providerVersion(), s.state(),
                    s.lastRun().map(r -> r.status().name() + " in " + millis(r.duration())).orElse("never"),
                    time(s.lastSuccess()));
        }
        return table.toString();
    }

    /**
     * {@code mapisync:sync [options] [store-id]}: Send/Receive for all stores, or one, followed
     * until it ends (progress bars on a terminal, plain lines otherwise; {@code --detach}
     * returns at once).
     */
    public String sync(String... args) throws InterruptedException {
        SyncOptions options = SyncOptions.parse(args);
        Instant since = Instant.now();
        String started;
        int count;
        if (options.storeId().isPresent()) {
            host.sync(options.storeId().get(), options.flags());
            started = "sync of " + options.storeId().get() + " started " + options.flags() + "\n";
            count = 1;
        } else {
            count = host.sendReceiveAll(options.flags());
            started = "Send/Receive started for " + count + " store(s) " + options.flags() + "\n";
        }
        if (options.display() == SyncOptions.Display.DETACH) {
            return started;
        }
        // Inside a Gogo command System.out is this session's output.
        System.out.print(started);
        boolean bars = options.display() == SyncOptions.Display.BARS
                || options.display() == SyncOptions.Display.AUTO && System.console() != null;
        return new SyncFollower(host, System.out, bars).follow(options.storeId().map(Set::of).orElse(Set.of()), since, count);
    }

    /** {@code mapisync:cancel store-id}: cancels a queued or running sync. */
    public String cancel(String storeId) {
        return host.cancel(storeId) ? "cancel of " + storeId + " asked\n" : storeId + " was not syncing\n";
    }

    /**
     * {@code mapisync:status [--only standing] [text]}: a summary line, then each store and
     * transport (those the filter picks) with its step, progress and errors.
     */
    public String status(String... args) {
        StatusView view = StatusView.parse(args);
        List<TaskStatus> all = host.status();
        List<TaskStatus> rows = view.pick(all);
        StringBuilder out = new StringBuilder(StatusView.summary(all)).append('\n');
        if (rows.isEmpty()) {
            return out.append(all.isEmpty() ? "" : "none matches " + String.join(" ", args) + "\n").toString();
        }
        TextTable table = new TextTable("KIND", "ID", "STATE", "PROGRESS", "STEP", "ELAPSED", "LAST RUN");
        for (TaskStatus s : rows) {
            table.row(s.kind().name().toLowerCase(), s.id(), s.state(),
                    s.indexMax() > 0 ? s.index() + "/" + s.indexMax() : "", s.step(),
                    s.elapsed().map(SendReceiveCommands::millis).orElse(""),
                    s.lastRun().map(r -> r.status().name()).orElse("never"));
        }
        out.append(table);
        for (TaskStatus s : rows) {
            for (TaskError e : s.errors()) {
                out.append("  ").append(s.id()).append(": ").append(e.status().name()).append(' ')
                        .append(e.status().hex()).append(": ").append(e.text().replaceAll("\\p{Cntrl}", " ")).append('\n');
            }
        }
        return out.toString();
    }

    /** {@code mapisync:outbox}: the messages waiting to be sent, with their state and reason. */
    public String outbox() {
        List<OutboxEntry> entries = host.outbox();
        if (entries.isEmpty()) {
            return "the Outbox is empty\n";
        }
        TextTable table = new TextTable("ID", "STATE", "ATTEMPTS", "NEXT", "SUBJECT", "TO", "REASON");
        for (OutboxEntry e : entries) {
            table.row(e.id(), e.state(), e.attempts(), time(e.nextAttempt()), e.subject(), String.join(", ", e.recipients()),
                    e.reason());
        }
        return table.toString();
    }

    /** {@code mapisync:retry message-id}: sends a held Outbox message again. */
    public String retry(String messageId) {
        host.retry(new MessageId(messageId));
        return "message " + messageId + " will be sent again\n";
    }

    private static String time(Optional<Instant> instant) {
        return instant.map(TIME::format).orElse("");
    }

    private static String millis(Duration duration) {
        return duration.toMillis() + " ms";
    }
}
