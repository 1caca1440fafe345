package dev.mapisync.api.host;

import java.util.Objects;

/**
 * A provider bundle that is installed but cannot run, and why: for example one built against
 * an incompatible major version of this API.
 *
 * <p>MAPI counterpart: none directly; the closest is a message service whose provider DLL
 * fails to load, as the profile reports it. Immutable and thread-safe.
 *
 * @param bundle the bundle's symbolic name
 * @param version the bundle's version
 * @param problem what is missing, naming the package and the version range asked for
 */
public record ProviderProblem(String bundle, String version, String problem) {

    /** @throws NullPointerException if a part is missing */
    public ProviderProblem {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(problem, "problem");
    }
}
