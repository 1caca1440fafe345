package dev.mapisync.dashboard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who may use the dashboard. With an access token configured, only requests that present it.
 * Without one, only requests that reach the server on a loopback address: a server bound to
 * any other address serves nothing until a token is set. A token that ConfigAdmin could not
 * resolve (still {@code $[secret:...]} or {@code $[env:...]}) closes the dashboard: its text is
 * never taken for the secret.
 */
final class AccessRule {

    /** What a request gets. */
    enum Verdict {
        ALLOWED, TOKEN_MISSING, NEEDS_TOKEN_CONFIGURED, TOKEN_UNRESOLVED
    }

    /** What ConfigAdmin's interpolation leaves in place when it cannot resolve a reference. */
    private static final Pattern UNRESOLVED = Pattern.compile("\\$\\[(secret|env|prop):[^\\]]*\\]");

    private final byte[] token;
    private final String unresolved;

    AccessRule(String token) {
        Matcher reference = UNRESOLVED.matcher(token == null ? "" : token);
        this.unresolved = reference.find() ? reference.group() : null;
        this.token = token == null || token.isEmpty() || unresolved != null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /** @return the reference the token still holds, if ConfigAdmin could not resolve it (no secret: its name) */
    Optional<String> unresolved() {
        return Optional.ofNullable(unresolved);
    }

    boolean hasToken() {
        return token != null;
    }

    /**
     * @param localAddress the address the request arrived on
     * @param presented the token the request carries, or {@code null}
     */
    Verdict decide(String localAddress, String presented) {
        if (unresolved != null) {
            return Verdict.TOKEN_UNRESOLVED;
        }
        if (token != null) {
            // Compared in constant time: the answer must not tell how much of a guess was right.
            boolean match = presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
            return match ? Verdict.ALLOWED : Verdict.TOKEN_MISSING;
        }
        return isLoopback(localAddress) ? Verdict.ALLOWED : Verdict.NEEDS_TOKEN_CONFIGURED;
    }

    static boolean isLoopback(String address) {
        return literal(address).map(InetAddress::isLoopbackAddress).orElse(false);
    }

    /** @return whether two address literals name one address ({@code ::1} and {@code 0:0:0:0:0:0:0:1}) */
    static boolean sameAddress(String one, String other) {
        Optional<InetAddress> first = literal(one);
        return first.isPresent() && first.equals(literal(other));
    }

    private static Optional<InetAddress> literal(String address) {
        if (address == null) {
            return Optional.empty();
        }
        String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        // Only literal addresses: never a name lookup on the request path.
        if (!literal.matches("[0-9.]+|[0-9a-fA-F:.%a-zA-Z]*:[0-9a-fA-F:.%a-zA-Z]*")) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(literal));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
