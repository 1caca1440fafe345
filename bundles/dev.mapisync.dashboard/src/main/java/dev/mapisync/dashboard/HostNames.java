package dev.mapisync.dashboard;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The host names the dashboard answers to, against DNS rebinding: a page of another site whose
 * name an attacker points at 127.0.0.1 sends its own name in the {@code Host} header, and is
 * refused. Served: the address the request arrived on and, on loopback, {@code localhost} and
 * the other loopback literals, each with the port it arrived on; and the names the
 * configuration lists ({@code name} for any port, {@code name:port} for one).
 */
final class HostNames {

    private final Set<String> listed;

    HostNames(String[] allowedHosts) {
        this.listed = allowedHosts == null ? Set.of() : java.util.Arrays.stream(allowedHosts).map(String::trim)
                .filter(h -> !h.isEmpty()).map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * @param hostHeader the request's {@code Host} header, or null
     * @param localAddress the address the request arrived on
     * @param localPort the port it arrived on
     * @param secure whether it came over TLS (the port a Host without one means)
     */
    boolean serves(String hostHeader, String localAddress, int localPort, boolean secure) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        String name = host;
        int port = secure ? 443 : 80;
        int colon = host.lastIndexOf(':');
        if (colon > host.lastIndexOf(']')) {
            name = host.substring(0, colon);
            try {
                port = Integer.parseInt(host.substring(colon + 1));
            } catch (NumberFormatException e) {
                return false;
            }
        }
        if (listed.contains(name) || listed.contains(name + ":" + port)) {
            return true;
        }
        if (port != localPort) {
            return false;
        }
        String literal = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
        if (AccessRule.isLoopback(localAddress)) {
            return literal.equals("localhost") || AccessRule.isLoopback(literal);
        }
        return AccessRule.sameAddress(literal, localAddress);
    }
}
