package dev.mapisync.store.imap;

import dev.mapisync.api.Identity;
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
import jakarta.mail.Session;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One IMAP account as a mapisync store. A factory component: each configuration of PID
 * {@code dev.mapisync.store.imap} is one account and one {@link MessageStore} service, whose
 * folders and messages are its replica in the default store (so reading never waits for the
 * server, and the user's changes are journaled there for the next upload), and whose
 * {@link Sync} synchronizes that replica with the server.
 */
@Component(service = MessageStore.class, configurationPid = ImapAccountStore.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ImapConfig.class, factory = true)
public final class ImapAccountStore implements MessageStore, Sync {

    static final String PID = "dev.mapisync.store.imap";

    private final ImapSettings settings;
    private final Session session;
    private final KeptConnections kept;
    private final Identity identity;
    private final Replica replica;
    private final ImapBudget budget;

    @Activate
    public ImapAccountStore(ImapConfig config, @Reference ReplicaStorage replicas, @Reference ImapBudget budget)
            throws StoreException {
        this.settings = ImapSettings.from(config);
        this.budget = budget;
        this.session = ImapLogin.session(settings, budget.writeTimeouts());
        this.kept = new KeptConnections(settings.connections());
        this.identity = new Identity("imap:" + settings.account(),
                settings.account() + " (IMAP " + settings.user() + "@" + settings.host() + ")");
        this.replica = replicas.replica(identity);
    }

    /** An account with a budget of its own (the defaults), outside a framework. */
    ImapAccountStore(ImapConfig config, ReplicaStorage replicas) throws StoreException {
        this(config, replicas, ImapBudget.defaults());
    }

    @Override
    public SyncHandle synchronizeInBackground(SyncRequest request) {
        ImapSyncRun run = new ImapSyncRun(settings, session, kept, budget, request, request.session().replica());
        run.start();
        return run;
    }

    /** Logs out the connections kept since the last sync, if any. */
    @Deactivate
    void deactivate() {
        kept.close();
    }

    @Override
    public Optional<Sync> sync() {
        return Optional.of(this);
    }

    @Override
    public Identity identity() {
        return identity;
    }

    @Override
    public List<FolderInfo> folders() throws StoreException {
        return replica.folders();
    }

    @Override
    public FolderInfo createFolder(FolderPath path) throws StoreException {
        return replica.createFolder(path);
    }

    @Override
    public void renameFolder(FolderPath from, FolderPath to) throws StoreException {
        replica.renameFolder(from, to);
    }

    @Override
    public void deleteFolder(FolderPath path) throws StoreException {
        replica.deleteFolder(path);
    }

    @Override
    public List<MessageInfo> messages(FolderPath folder) throws StoreException {
        return replica.messages(folder);
    }

    @Override
    public MessageInfo message(FolderPath folder, MessageId id) throws StoreException {
        return replica.message(folder, id);
    }

    /**
     * Opens a message from the replica; one a headers-only sync left incomplete is fetched
     * whole from the server first (this may block on the network).
     */
    @Override
    public InputStream openMessage(FolderPath folder, MessageId id) throws StoreException {
        MessageInfo info = replica.message(folder, id);
        return info.complete() ? replica.openMessage(folder, id) : new BodyFetcher(settings, session, budget, replica).open(folder, id, info);
    }

    @Override
    public MessageId appendMessage(FolderPath folder, InputStream content, Set<MessageFlag> flags) throws StoreException {
        return replica.appendMessage(folder, content, flags);
    }

    @Override
    public void setFlags(FolderPath folder, MessageId id, Set<MessageFlag> flags) throws StoreException {
        replica.setFlags(folder, id, flags);
    }

    @Override
    public MessageId moveMessage(FolderPath from, MessageId id, FolderPath to) throws StoreException {
        return replica.moveMessage(from, id, to);
    }

    @Override
    public void deleteMessage(FolderPath folder, MessageId id) throws StoreException {
        replica.deleteMessage(folder, id);
    }

    @Override
    public String toString() {
        return settings.toString();
    }
}
