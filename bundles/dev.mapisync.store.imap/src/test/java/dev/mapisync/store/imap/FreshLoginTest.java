package dev.mapisync.store.imap;

import static dev.mapisync.store.imap.DovecotMailbox.compare;
import static dev.mapisync.store.imap.DovecotMailbox.config;
import static dev.mapisync.store.imap.DovecotMailbox.seedOneMessageEach;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapisync.api.Status;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.sync.SyncFlag;
import dev.mapisync.store.local.Relay;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A sync that logs in anew, as nearly every sync does on a host with many more accounts than
 * kept connections: with nothing changed it needs one connection and one listing, and selects
 * no folder; what changed since is still found. And no connection starts a thread of its own
 * (Angus Mail's write timeout would, without the budget's one thread for all).
 */
class FreshLoginTest {

    private static final Set<SyncFlag> DOWN = EnumSet.of(SyncFlag.DOWNLOAD_HIERARCHY, SyncFlag.DOWNLOAD_CONTENTS);
    private static final Pattern SELECTS = Pattern.compile("^\\S+ (SELECT|EXAMINE) ", Pattern.MULTILINE);

    @Test
    void aSyncLoggedInAnewWithNothingChangedUsesOneConnectionAndSelectsNoFolder() throws Exception {
        Map<String, FolderPath> byServerName = DovecotMailbox.inboxAndFolders(1);
        List<FolderPath> folders = List.copyOf(byServerName.values());
        StringBuffer sent = new StringBuffer();
        AtomicInteger connections = new AtomicInteger();
        try (DovecotAccount mail = new DovecotAccount(seed -> seedOneMessageEach(seed, folders));
                Relay recording = new Relay(mail.dovecot.port(), (from, to, connection) -> {
                    connections.accumulateAndGet(connection, Math::max);
                    byte[] buffer = new byte[16 * 1024];
                    for (int read = from.read(buffer); read > 0; read = from.read(buffer)) {
                        sent.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
                        to.write(buffer, 0, read);
                        to.flush();
                    }
                }, Relay.COPY)) {
            TestConfig config = config(recording.port());
            // More connections than folders: without a fresh listing each folder gets one of its own, and is selected.
            config.include = new String[] {"Inbox", "Folder1"};
            config.connections = 5;
            mail.use(config);
            mail.sync(Status.SUCCESS, DOWN);
            assertEquals(List.of(), angusTimeoutThreads(), "no thread of its own for any connection");

            mail.use(config);
            int before = connections.get();
            sent.setLength(0);
            mail.sync(Status.SUCCESS, DOWN);
            assertEquals(before + 1, connections.get(), "one login, for a sync that found nothing changed");
            assertTrue(sent.toString().contains("RETURN (STATUS"), "one listing with each folder's standing:\n" + sent);
            assertFalse(SELECTS.matcher(sent).find(), "no folder selected:\n" + sent);

            DovecotMailbox.deliver(mail.dovecot, "Folder1", 77);
            DovecotMailbox.flagFirstMessage(mail.dovecot, "INBOX");
            mail.use(config);
            mail.sync(Status.SUCCESS, DOWN);
            assertEquals(folders.size() + 1, compare(mail.dovecot, mail.replica(), byServerName),
                    "the new message and the new flag are found");
        }
    }

    /** @return the names of threads waiting to time out a write as Angus Mail makes them, one per connection */
    private static List<String> angusTimeoutThreads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().startsWith("pool-"))
                .filter(e -> Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().contains("DelayedWorkQueue")))
                .map(e -> e.getKey().getName())
                .toList();
    }
}
