/**
 * Background synchronization: the IMAPISync family.
 *
 * <p>The host builds a {@link dev.mapisync.api.sync.SyncRequest} (MAPISIB) and calls
 * {@link dev.mapisync.api.sync.Sync#synchronizeInBackground} on a store's
 * {@link dev.mapisync.api.sync.Sync}; the provider returns a
 * {@link dev.mapisync.api.sync.SyncHandle} at once, does the work on threads of the
 * session's executor, reports through the request's
 * {@link dev.mapisync.api.sync.SyncProgressCallback} and ends with exactly one
 * {@code done}.
 */
@Version("1.0.0")
package dev.mapisync.api.sync;

import org.osgi.annotation.versioning.Version;
