package dev.mapisync.dashboard;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;

/**
 * The access token as the page keeps it: opened once with {@code ?token=}, the page is sent on
 * without it, with the token in a cookie scripts cannot read ({@code HttpOnly}) and other sites
 * cannot send ({@code SameSite=Strict}); so the token leaves the address bar, the history and
 * every later URL.
 */
final class TokenCookie {

    static final String NAME = "mapisync-token";

    private TokenCookie() {
    }

    /** @return the {@code Set-Cookie} header value that keeps {@code token} for the dashboard's paths */
    static String header(String token, boolean secure) {
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(token.getBytes(StandardCharsets.UTF_8));
        return NAME + "=" + value + "; Path=/mapisync; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    /** @return the token the request's cookie carries, or null */
    static String presented(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        for (Cookie cookie : cookies == null ? new Cookie[0] : cookies) {
            if (NAME.equals(cookie.getName())) {
                try {
                    return new String(Base64.getUrlDecoder().decode(cookie.getValue()), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
