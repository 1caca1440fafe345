/**
 * The message model shared by stores, transports and the host: folder paths, message ids,
 * flags, summaries, recipients and message content as a stream.
 *
 * <p>Every type here is an immutable value (or, for {@link dev.mapisync.api.message.MessageContent},
 * a way to open a fresh stream) and may be passed freely between threads.
 */
@Version("1.0.0")
package dev.mapisync.api.message;

import org.osgi.annotation.versioning.Version;
