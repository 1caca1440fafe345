package dev.mapisync.runtime;

import dev.mapisync.api.Identity;
import dev.mapisync.api.Status;
import dev.mapisync.api.message.FolderInfo;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.message.MessageInfo;
import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.store.StoreException;
import dev.mapisync.api.sync.Sync;
import dev.mapisync.api.sync.SyncHandle;
import dev.mapisync.api.sync.SyncRequest;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Component;

/**
 * The provider the deploy benchmark drops into a running host: an empty store on an interval
 * (so the host syncs it as soon as it arrives) whose sync prints one line the benchmark waits
 * for. Built into a bundle by {@link DeployLatencyBenchmark}.
 */
@Component(service = MessageStore.class, property = "mapisync.sync.interval:Long=3600")
public class BenchStore implements MessageStore, Sync {

    static final String SYNCED = "bench-store synced by ";

    @Override
    public Identity identity() {
        return new Identity("bench", "deploy benchmark store");
    }

    @Override
    public Optional<Sync> sync() {
        return Optional.of(this);
    }

    @Override
    public SyncHandle synchronizeInBackground(SyncRequest request) {
        CompletableFuture<Status> done = new CompletableFuture<>();
        request.session().executor().execute(() -> {
            System.out.println(SYNCED + FrameworkUtil.getBundle(BenchStore.class).getVersion());
            request.callback().done(Status.SUCCESS);
            done.complete(Status.SUCCESS);
        });
        return new SyncHandle() {
            @Override
            public CompletionStage<Status> completion() {
                return done;
            }

            @Override
            public void cancel() {
            }
        };
    }

    private static StoreException empty() {
        return new StoreException(Status.NOT_FOUND, "the benchmark store is empty");
    }

    @Override
    public List<FolderInfo> folders() {
        return List.of();
    }

    @Override
    public FolderInfo createFolder(FolderPath path) throws StoreException {
        throw empty();
    }

    @Override
    public void renameFolder(FolderPath from, FolderPath to) throws StoreException {
        throw empty();
    }

    @Override
    public void deleteFolder(FolderPath path) throws StoreException {
        throw empty();
    }

    @Override
    public List<MessageInfo> messages(FolderPath folder) throws StoreException {
        throw empty();
    }

    @Override
    public MessageInfo message(FolderPath folder, MessageId id) throws StoreException {
        throw empty();
    }

    @Override
    public InputStream openMessage(FolderPath folder, MessageId id) throws StoreException {
        throw empty();
    }

    @Override
    public MessageId appendMessage(FolderPath folder, InputStream content, Set<MessageFlag> flags) throws StoreException {
        throw empty();
    }

    @Override
    public void setFlags(FolderPath folder, MessageId id, Set<MessageFlag> flags) throws StoreException {
        throw empty();
    }

    @Override
    public MessageId moveMessage(FolderPath from, MessageId id, FolderPath to) throws StoreException {
        throw empty();
    }

    @Override
    public void deleteMessage(FolderPath folder, MessageId id) throws StoreException {
        throw empty();
    }
}
