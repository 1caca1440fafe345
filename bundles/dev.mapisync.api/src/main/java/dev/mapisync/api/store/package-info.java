/**
 * The message store contract: a folder hierarchy holding messages as streams plus flags,
 * and the sync the store exposes.
 *
 * <p>Providers implement {@link dev.mapisync.api.store.MessageStore} and register it as an
 * OSGi service, one per configured account; the host discovers it. The default store (the
 * one with the Outbox) is a {@code MessageStore} too, registered with the service property
 * {@link dev.mapisync.api.store.MessageStore#DEFAULT_STORE_PROPERTY} set to {@code true}.
 */
@Version("1.1.0")
package dev.mapisync.api.store;

import org.osgi.annotation.versioning.Version;
