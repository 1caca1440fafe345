/**
 * Values shared by every mapisync contract: the {@link dev.mapisync.api.Status} a sync,
 * a store operation or a submission ends with, and the {@link dev.mapisync.api.Identity}
 * of a store or transport.
 *
 * <p>The sub-packages hold the contracts proper: {@code sync} (IMAPISync, MAPISIB,
 * IMAPISyncProgressCallback), {@code store} (the message store), {@code transport}
 * (transport providers) and {@code message} (the message model they share).
 */
@Version("1.0.0")
package dev.mapisync.api;

import org.osgi.annotation.versioning.Version;
