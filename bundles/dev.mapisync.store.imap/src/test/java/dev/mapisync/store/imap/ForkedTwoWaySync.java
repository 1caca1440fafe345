package dev.mapisync.store.imap;

import dev.mapisync.api.Status;
import dev.mapisync.api.sync.SyncFlag;
import dev.mapisync.store.local.LocalStore;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** One two-way IMAP sync in a JVM of its own, to be killed: {@code DATA PORT}; prints the status at the end. */
public final class ForkedTwoWaySync {

    private ForkedTwoWaySync() {
    }

    public static void main(String[] args) throws Exception {
        LocalStore local = Harness.localStore(Path.of(args[0]));
        ImapAccountStore account = new ImapAccountStore(DovecotMailbox.config(Integer.parseInt(args[1])), local);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        Harness.Recorder recorder = new Harness.Recorder();
        Status status = Harness.sync(local, executor, account, recorder, EnumSet.of(SyncFlag.UPLOAD_HIERARCHY,
                SyncFlag.UPLOAD_CONTENTS, SyncFlag.DOWNLOAD_HIERARCHY, SyncFlag.DOWNLOAD_CONTENTS));
        System.out.println(status.name() + " " + recorder.errors);
        executor.shutdownNow();
        local.close();
        System.exit(0);
    }
}
