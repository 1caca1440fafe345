package dev.mapisync.store.maildir;

import dev.mapisync.api.Status;
import dev.mapisync.api.message.FolderInfo;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.message.MessageInfo;
import dev.mapisync.api.store.Replica;
import dev.mapisync.api.store.StoreException;
import dev.mapisync.api.sync.SyncFlag;
import dev.mapisync.api.sync.SyncHandle;
import dev.mapisync.api.sync.SyncProgressCallback;
import dev.mapisync.api.sync.SyncRequest;
import dev.mapisync.store.maildir.MaildirSource.Message;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One sync: makes the replica what the Maildir is. Folders first (created parents first,
 * removed children first), then per folder: messages gone from the Maildir are deleted, new
 * ones appended (the Maildir's unique name is their remote id, which the replica keeps, so the
 * next sync knows them), changed flags applied. A message that cannot be read is reported and
 * skipped (the sync ends PARTIAL and tries it again next time); a cancel is honoured between
 * two messages.
 *
 * <p>The contract, as for every provider: return the handle at once and do the work on the
 * host's executor, report progress with index of indexMax, errors as they happen, and call
 * done exactly once at the end.
 */
final class MaildirImport implements SyncHandle {

    private final MaildirSource source;
    private final SyncRequest request;
    private final Replica replica;
    private final SyncProgressCallback callback;
    private final CompletableFuture<Status> completion = new CompletableFuture<>();
    private volatile boolean cancelled;
    private boolean partial;
    private long index;
    private long indexMax;

    MaildirImport(MaildirSource source, SyncRequest request) {
        this.source = source;
        this.request = request;
        this.replica = request.session().replica();
        this.callback = request.callback();
    }

    void start() {
        request.session().executor().execute(this::run);
    }

    @Override
    public CompletionStage<Status> completion() {
        return completion;
    }

    @Override
    public void cancel() {
        cancelled = true;
    }

    private void run() {
        Status status;
        try {
            status = request.has(SyncFlag.DOWNLOAD_CONTENTS) || request.has(SyncFlag.DOWNLOAD_HIERARCHY) ? mirror()
                    : Status.SUCCESS; // Nothing flows up to a Maildir that is only read.
        } catch (IOException e) {
            callback.error(Status.NOT_FOUND, e.getMessage());
            status = Status.NOT_FOUND;
        } catch (StoreException e) {
            callback.error(e.status(), "the replica: " + e.getMessage());
            status = e.status();
        } catch (RuntimeException e) {
            callback.error(Status.PROVIDER_FAULT, e.getClass().getSimpleName() + ": " + e.getMessage());
            status = Status.PROVIDER_FAULT;
        }
        callback.done(status);
        completion.complete(status);
    }

    private Status mirror() throws IOException, StoreException {
        callback.progress("Reading the Maildir", 0, 0);
        Map<FolderPath, List<Message>> folders = source.scan();
        indexMax = folders.values().stream().mapToLong(List::size).sum();
        mirrorHierarchy(folders.keySet());
        for (Map.Entry<FolderPath, List<Message>> folder : folders.entrySet()) {
            if (cancelled) {
                return Status.CANCELLED;
            }
            mirrorMessages(folder.getKey(), folder.getValue());
        }
        callback.progress("Done", indexMax, indexMax);
        return cancelled ? Status.CANCELLED : partial ? Status.PARTIAL : Status.SUCCESS;
    }

    private void mirrorHierarchy(Set<FolderPath> wanted) throws StoreException {
        List<FolderPath> present = new ArrayList<>(replica.folders().stream().map(FolderInfo::path).toList());
        for (FolderPath path : wanted.stream().sorted(Comparator.comparingInt(p -> p.names().size())).toList()) {
            for (int depth = 1; depth <= path.names().size(); depth++) {
                FolderPath level = FolderPath.of(path.names().subList(0, depth));
                if (!present.contains(level)) {
                    replica.applyRemoteCreateFolder(level);
                    present.add(level);
                }
            }
        }
        for (FolderPath path : present.stream().sorted(Comparator.comparingInt((FolderPath p) -> p.names().size()).reversed()).toList()) {
            if (!isNeeded(path, wanted)) {
                replica.applyRemoteDeleteFolder(path);
            }
        }
    }

    /** A folder stays if the Maildir has it or one below it. */
    private static boolean isNeeded(FolderPath path, Set<FolderPath> wanted) {
        return wanted.stream().anyMatch(w -> w.names().size() >= path.names().size()
                && w.names().subList(0, path.names().size()).equals(path.names()));
    }

    private void mirrorMessages(FolderPath folder, List<Message> messages) throws StoreException {
        Map<String, MessageId> known = new HashMap<>(replica.remoteIds(folder));
        Map<MessageId, Set<MessageFlag>> flags = new HashMap<>();
        for (MessageInfo info : replica.messages(folder)) {
            flags.put(info.id(), info.flags());
        }
        for (Message message : messages) {
            MessageId id = known.remove(message.key());
            if (id == null) {
                append(folder, message);
            } else if (!message.flags().equals(flags.get(id))) {
                replica.applyRemoteFlags(folder, message.key(), message.flags());
            }
            index++;
            if (index % 100 == 0 || index == indexMax) {
                callback.progress(folder + ": " + index + " of " + indexMax, index, indexMax);
            }
            if (cancelled) {
                return;
            }
        }
        // What the replica still knows and the Maildir no longer has was deleted there.
        for (String gone : known.keySet()) {
            replica.applyRemoteDelete(folder, gone);
        }
    }

    private void append(FolderPath folder, Message message) throws StoreException {
        try (SourceStream content = new SourceStream(Files.newInputStream(message.file()))) {
            try {
                replica.applyRemoteAppend(folder, message.key(), content, message.flags(), true);
            } catch (StoreException e) {
                if (content.failure == null) {
                    throw e;
                }
                // The replica gave up because the file could not be read: the message's problem, not the replica's.
                skip(folder, message, content.failure);
            }
        } catch (IOException e) {
            skip(folder, message, e);
        }
    }

    /** Unreadable, or moved by a mail reader since the scan: reported, and tried again next sync. */
    private void skip(FolderPath folder, Message message, IOException e) {
        partial = true;
        callback.error(Status.PARTIAL, folder + ": cannot read " + message.file() + " (" + e.getMessage() + "); skipped");
    }

    /** Remembers why reading the source failed, wherever the failure surfaces. */
    private static final class SourceStream extends FilterInputStream {

        private IOException failure;

        SourceStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return super.read(buffer, offset, length);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }
}
