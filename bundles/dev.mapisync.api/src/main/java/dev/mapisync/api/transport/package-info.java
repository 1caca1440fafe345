/**
 * The transport contract: outgoing mail leaves the default store's Outbox through the
 * transport that serves the recipient's address type.
 *
 * <p>Providers implement {@link dev.mapisync.api.transport.Transport} and register it as an
 * OSGi service, one per configured account; the host's outbox drain calls it.
 */
@Version("1.0.0")
package dev.mapisync.api.transport;

import org.osgi.annotation.versioning.Version;
