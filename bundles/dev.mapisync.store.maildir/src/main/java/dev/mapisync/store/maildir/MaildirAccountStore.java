package dev.mapisync.store.maildir;

import dev.mapisync.api.Identity;
import dev.mapisync.api.Status;
import dev.mapisync.api.message.FolderInfo;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.message.MessageInfo;
import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.store.Replica;
import dev.mapisync.api.store.ReplicaStorage;
import dev.mapisync.api.store.StoreException;
import dev.mapisync.api.sync.Sync;
import dev.mapisync.api.sync.SyncHandle;
import dev.mapisync.api.sync.SyncRequest;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One Maildir as a mapisync store. A factory component: each configuration of PID
 * {@code dev.mapisync.store.maildir} is one store. What a reader sees is the store's replica
 * in the default store (so reading never touches the Maildir); its {@link Sync} makes the
 * replica what the Maildir is. The mirror is one way, so the store is read-only.
 */
@Component(service = MessageStore.class, configurationPid = MaildirAccountStore.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = MaildirConfig.class, factory = true)
public final class MaildirAccountStore implements MessageStore, Sync {

    static final String PID = "dev.mapisync.store.maildir";

    private final Identity identity;
    private final Path directory;
    private final Replica replica;

    @Activate
    public MaildirAccountStore(MaildirConfig config, @Reference ReplicaStorage replicas) throws StoreException {
        if (config.account() == null || config.account().isBlank()) {
            throw new IllegalArgumentException(PID + ": 'account' is missing");
        }
        if (config.directory() == null || config.directory().isBlank()) {
            throw new IllegalArgumentException(PID + " " + config.account() + ": 'directory' is missing");
        }
        directory = Path.of(config.directory()).toAbsolutePath().normalize();
        identity = new Identity("maildir:" + config.account(), config.account() + " (Maildir " + directory + ")");
        replica = replicas.replica(identity);
    }

    @Override
    public Identity identity() {
        return identity;
    }

    @Override
    public Optional<Sync> sync() {
        return Optional.of(this);
    }

    @Override
    public SyncHandle synchronizeInBackground(SyncRequest request) {
        MaildirImport run = new MaildirImport(new MaildirSource(directory), request);
        run.start();
        return run;
    }

    // Reading: the replica.

    @Override
    public List<FolderInfo> folders() throws StoreException {
        return replica.folders();
    }

    @Override
    public List<MessageInfo> messages(FolderPath folder) throws StoreException {
        return replica.messages(folder);
    }

    @Override
    public MessageInfo message(FolderPath folder, MessageId id) throws StoreException {
        return replica.message(folder, id);
    }

    @Override
    public InputStream openMessage(FolderPath folder, MessageId id) throws StoreException {
        return replica.openMessage(folder, id);
    }

    // Writing: refused, since the next sync would undo it.

    private StoreException readOnly() {
        return new StoreException(Status.PROVIDER_FAULT, identity.id() + " mirrors " + directory + " and is read-only");
    }

    @Override
    public FolderInfo createFolder(FolderPath path) throws StoreException {
        throw readOnly();
    }

    @Override
    public void renameFolder(FolderPath from, FolderPath to) throws StoreException {
        throw readOnly();
    }

    @Override
    public void deleteFolder(FolderPath path) throws StoreException {
        throw readOnly();
    }

    @Override
    public MessageId appendMessage(FolderPath folder, InputStream content, Set<MessageFlag> flags) throws StoreException {
        throw readOnly();
    }

    @Override
    public void setFlags(FolderPath folder, MessageId id, Set<MessageFlag> flags) throws StoreException {
        throw readOnly();
    }

    @Override
    public MessageId moveMessage(FolderPath from, MessageId id, FolderPath to) throws StoreException {
        throw readOnly();
    }

    @Override
    public void deleteMessage(FolderPath folder, MessageId id) throws StoreException {
        throw readOnly();
    }
}
