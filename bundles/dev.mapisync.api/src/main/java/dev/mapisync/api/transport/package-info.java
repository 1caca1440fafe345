/**
 * The transport contract: outgoing mail leaves the default store's Outbox through the
 * transport that serves the recipient's address type.
 *
 * <p>Providers implement {@link dev.mapisync.api.transport.Transport} and register it as an
 * OSGi service, one per configured account; the host's outbox drain calls it.
 *
 * <p>1.1: {@link dev.mapisync.api.transport.RecipientResult.Outcome#UNKNOWN}, for a message
 * that went out without an answer; a consumer that switches on the outcome must handle it.
 */
@Version("1.1.0")
package dev.mapisync.api.transport;

import org.osgi.annotation.versioning.Version;
