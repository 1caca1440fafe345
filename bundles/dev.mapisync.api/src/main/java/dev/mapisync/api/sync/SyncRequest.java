package dev.mapisync.api.sync;

import dev.mapisync.api.message.FolderPath;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one sync is asked to do, where it reports, and what the host lends it.
 *
 * <p>MAPI counterpart: {@code MAPISIB}: {@code ulFlags} is {@link #flags()},
 * {@code psesSync} is {@link #session()}, {@code punkCallBack} is {@link #callback()};
 * {@code phSyncDoneEvent} is the {@link SyncHandle} the sync returns. The folder scope is
 * mapisync's own: a sync limited to some folders. Immutable and thread-safe.
 *
 * <p>A request is valid or is never built: {@link Builder#build()} refuses a request
 * without a session or callback, or whose flags name no work to do, with a message naming
 * what is wrong.
 */
public final class SyncRequest {

    private final Set<SyncFlag> flags;
    private final SyncSession session;
    private final SyncProgressCallback callback;
    private final Optional<Set<FolderPath>> folderScope;

    private SyncRequest(Builder builder) {
        this.flags = Set.copyOf(builder.flags);
        this.session = builder.session;
        this.callback = builder.callback;
        this.folderScope = builder.folderScope.map(Set::copyOf);
    }

    /** @return a builder with no flags, session, callback or scope */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the flags, never empty, holding at least one of {@link SyncFlag#DIRECTIONS} */
    public Set<SyncFlag> flags() {
        return flags;
    }

    /**
     * @param flag a flag
     * @return whether the request carries it
     */
    public boolean has(SyncFlag flag) {
        return flags.contains(flag);
    }

    /** @return the flags as MAPI's {@code ulFlags} mask */
    public int mask() {
        return SyncFlag.toMask(flags);
    }

    /** @return what the host lends the provider */
    public SyncSession session() {
        return session;
    }

    /** @return where the provider reports */
    public SyncProgressCallback callback() {
        return callback;
    }

    /**
     * @return the folders to sync (each with the folders below it), or empty to sync every
     *         folder
     */
    public Optional<Set<FolderPath>> folderScope() {
        return folderScope;
    }

    @Override
    public String toString() {
        return "SyncRequest" + EnumSet.copyOf(flags) + folderScope.map(s -> " folders " + s).orElse("");
    }

    /** Builds a {@link SyncRequest}; not thread-safe. */
    public static final class Builder {
        private final EnumSet<SyncFlag> flags = EnumSet.noneOf(SyncFlag.class);
        private SyncSession session;
        private SyncProgressCallback callback;
        private Optional<Set<FolderPath>> folderScope = Optional.empty();

        private Builder() {
        }

        /**
         * @param more flags to add
         * @return this builder
         */
        public Builder flags(Collection<SyncFlag> more) {
            Objects.requireNonNull(more, "SyncRequest: flags must not be null");
            more.forEach(flag -> flags.add(Objects.requireNonNull(flag, "SyncRequest: a flag is null")));
            return this;
        }

        /**
         * @param first a flag to add
         * @param more more flags to add
         * @return this builder
         */
        public Builder flags(SyncFlag first, SyncFlag... more) {
            flags.add(Objects.requireNonNull(first, "SyncRequest: a flag is null"));
            return flags(java.util.List.of(more));
        }

        /**
         * @param mask a MAPI {@code ulFlags} mask
         * @return this builder
         * @throws IllegalArgumentException if the mask has unknown bits
         */
        public Builder mask(int mask) {
            flags.addAll(SyncFlag.fromMask(mask));
            return this;
        }

        /**
         * @param session what the host lends
         * @return this builder
         */
        public Builder session(SyncSession session) {
            this.session = session;
            return this;
        }

        /**
         * @param callback where the provider reports
         * @return this builder
         */
        public Builder callback(SyncProgressCallback callback) {
            this.callback = callback;
            return this;
        }

        /**
         * Limits the sync to some folders and the folders below them.
         *
         * @param folders one or more folders
         * @return this builder
         */
        public Builder folders(Collection<FolderPath> folders) {
            Objects.requireNonNull(folders, "SyncRequest: folder scope must not be null");
            folders.forEach(f -> Objects.requireNonNull(f, "SyncRequest: a folder of the scope is null"));
            this.folderScope = Optional.of(Set.copyOf(folders));
            return this;
        }

        /**
         * @return the request
         * @throws IllegalArgumentException if the callback or session is missing, no flag
         *         names work to do, or the folder scope is empty; the message names what is
         *         wrong
         */
        public SyncRequest build() {
            if (callback == null) {
                throw new IllegalArgumentException("SyncRequest: callback is required (the host's progress callback)");
            }
            if (session == null) {
                throw new IllegalArgumentException("SyncRequest: session is required");
            }
            if (flags.isEmpty()) {
                throw new IllegalArgumentException("SyncRequest: flags are empty; name at least one of " + directionNames());
            }
            if (flags.stream().noneMatch(SyncFlag.DIRECTIONS::contains)) {
                throw new IllegalArgumentException("SyncRequest: flags " + flags + " name no work to do; add at least one of "
                        + directionNames());
            }
            if (folderScope.isPresent() && folderScope.get().isEmpty()) {
                throw new IllegalArgumentException("SyncRequest: folder scope is empty; leave it out to sync every folder");
            }
            return new SyncRequest(this);
        }

        private static String directionNames() {
            return EnumSet.copyOf(SyncFlag.DIRECTIONS).toString();
        }
    }
}
