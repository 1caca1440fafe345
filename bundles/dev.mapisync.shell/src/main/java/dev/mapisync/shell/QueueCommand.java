package dev.mapisync.shell;

import dev.mapisync.api.host.SendReceive;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.store.StoreException;
import dev.mapisync.api.store.WellKnownFolder;
import dev.mapisync.api.sync.SyncFlag;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code mapisync:queue <file>}: puts an RFC 5322 message file into the default store's
 * Outbox, as a mail program would, and starts sending. The file is checked first (a message
 * with recipients); a bad one is refused, naming the file and what is wrong, and nothing is
 * queued.
 */
@Component(service = QueueCommand.class, property = {"osgi.command.scope=mapisync", "osgi.command.function=queue"})
public final class QueueCommand {

    private final MessageStore defaultStore;
    private final SendReceive host;

    @Activate
    public QueueCommand(@Reference(target = "(" + MessageStore.DEFAULT_STORE_PROPERTY + "=true)") MessageStore defaultStore,
            @Reference SendReceive host) {
        this.defaultStore = defaultStore;
        this.host = host;
    }

    /** @return what was queued */
    public String queue(String file) throws IOException, StoreException {
        Path path = Path.of(file).toAbsolutePath();
        MessageFile.check(path);
        MessageId id;
        try (InputStream content = new BufferedInputStream(Files.newInputStream(path))) {
            // Seen: the user wrote it; the flag keeps mail programs from showing it as new in the Outbox.
            id = defaultStore.appendMessage(WellKnownFolder.OUTBOX.path(), content, Set.of(MessageFlag.SEEN));
        }
        host.sendReceiveAll(EnumSet.of(SyncFlag.OUTGOING_MAIL));
        return "queued " + path + " in the Outbox as " + id + "; sending (mapisync:outbox shows how it went)\n";
    }
}
