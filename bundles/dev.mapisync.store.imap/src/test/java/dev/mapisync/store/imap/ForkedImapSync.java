package dev.mapisync.store.imap;

import dev.mapisync.api.Status;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageInfo;
import dev.mapisync.api.store.Replica;
import dev.mapisync.api.sync.SyncFlag;
import dev.mapisync.store.local.DovecotServer;
import dev.mapisync.store.local.LocalStore;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One IMAP sync in a JVM of its own (for a limited heap): {@code DATA PORT}; prints
 * {@code STATUS MESSAGES SHA-256-OF-THE-LARGEST MAX-HEAP}.
 */
public final class ForkedImapSync {

    private ForkedImapSync() {
    }

    public static void main(String[] args) throws Exception {
        LocalStore local = Harness.localStore(Path.of(args[0]));
        TestConfig config = new TestConfig();
        config.port = Integer.parseInt(args[1]);
        config.user = DovecotServer.USER;
        config.password = DovecotServer.PASSWORD;
        ImapAccountStore account = new ImapAccountStore(config, local);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        Harness.Recorder recorder = new Harness.Recorder();
        Status status = Harness.sync(local, executor, account, recorder,
                EnumSet.of(SyncFlag.DOWNLOAD_HIERARCHY, SyncFlag.DOWNLOAD_CONTENTS));
        Replica replica = local.replica(account.identity());
        List<MessageInfo> messages = replica.messages(FolderPath.of("Inbox"));
        MessageInfo largest = messages.stream().max((a, b) -> Long.compare(a.size(), b.size())).orElseThrow();
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = replica.openMessage(FolderPath.of("Inbox"), largest.id())) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
            }
        }
        System.out.println(status.name() + " " + messages.size() + " " + HexFormat.of().formatHex(digest.digest()) + " "
                + Runtime.getRuntime().maxMemory() + " " + recorder.errors);
        executor.shutdownNow();
        local.close();
        System.exit(0);
    }
}
