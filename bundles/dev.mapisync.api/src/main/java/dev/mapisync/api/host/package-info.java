/**
 * The host's face to its users: the Send/Receive service that shells, dashboards and
 * other bundles call to start and cancel syncs and read status, and the OSGi events the
 * host publishes while syncs run.
 *
 * <p>Only the host implements these; everything here is {@code @ProviderType} or a value.
 */
@Version("1.0.0")
package dev.mapisync.api.host;

import org.osgi.annotation.versioning.Version;
