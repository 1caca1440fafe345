package dev.mapisync.dashboard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may use the dashboard. With an access token configured, only requests that present it.
 * Without one, only requests that reach the server on a loopback address: a server bound to
 * any other address serves nothing until a token is set.
 */
final class AccessRule {

    /** What a request gets. */
    enum Verdict {
        ALLOWED, TOKEN_MISSING, NEEDS_TOKEN_CONFIGURED
    }

    private final byte[] token;

    AccessRule(String token) {
        this.token = token == null || token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    boolean hasToken() {
        return token != null;
    }

    /**
     * @param localAddress the address the request arrived on
     * @param presented the token the request carries, or {@code null}
     */
    Verdict decide(String localAddress, String presented) {
        if (token != null) {
            // Compared in constant time: the answer must not tell how much of a guess was right.
            boolean match = presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
            return match ? Verdict.ALLOWED : Verdict.TOKEN_MISSING;
        }
        return isLoopback(localAddress) ? Verdict.ALLOWED : Verdict.NEEDS_TOKEN_CONFIGURED;
    }

    static boolean isLoopback(String address) {
        if (address == null) {
            return false;
        }
        String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        // Only literal addresses: never a name lookup on the request path.
        if (!literal.matches("[0-9.]+|[0-9a-fA-F:.%a-zA-Z]*:[0-9a-fA-F:.%a-zA-Z]*")) {
            return false;
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
