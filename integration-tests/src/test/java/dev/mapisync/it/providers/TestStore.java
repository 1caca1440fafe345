package dev.mapisync.it.providers;

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
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Base of the test stores: an empty, read-only store whose sync behaviour each subclass
 * defines. Its id is the subclass's simple name.
 */
public abstract class TestStore implements MessageStore, Sync {

    @Override
    public Identity identity() {
        return new Identity(getClass().getSimpleName(), getClass().getSimpleName() + " (test)");
    }

    @Override
    public Optional<Sync> sync() {
        return Optional.of(this);
    }

    private StoreException readOnly() {
        return new StoreException(Status.PROVIDER_FAULT, "test store " + identity().id() + " is read-only");
    }

    @Override
    public List<FolderInfo> folders() {
        return List.of();
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
    public List<MessageInfo> messages(FolderPath folder) throws StoreException {
        throw new StoreException(Status.NOT_FOUND, "no folder " + folder);
    }

    @Override
    public MessageInfo message(FolderPath folder, MessageId id) throws StoreException {
        throw new StoreException(Status.NOT_FOUND, "no folder " + folder);
    }

    @Override
    public InputStream openMessage(FolderPath folder, MessageId id) throws StoreException {
        throw new StoreException(Status.NOT_FOUND, "no folder " + folder);
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
