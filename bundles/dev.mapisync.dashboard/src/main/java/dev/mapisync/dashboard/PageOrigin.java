package dev.mapisync.dashboard;

import java.util.Locale;
import javax.servlet.http.HttpServletRequest;

/**
 * Whether a request that changes something comes from the dashboard's own page, against
 * cross-site request forgery. The page sends the header {@value #HEADER} with every action: a
 * form, an image or a no-cors fetch of another site cannot send a custom header, and a fetch
 * that does needs a CORS preflight this server never grants. A browser's {@code Origin} and
 * {@code Sec-Fetch-Site}, when present, must also say the page's own origin.
 */
final class PageOrigin {

    static final String HEADER = "X-Mapisync-Request";

    private PageOrigin() {
    }

    /** @return why the request is refused, or null if it comes from the page (or a client that is no browser page) */
    static String refusal(HttpServletRequest request) {
        if (request.getHeader(HEADER) == null) {
            return "a request that changes something must carry the header " + HEADER + " (the dashboard's page sends it; "
                    + "a form or a page of another site cannot)";
        }
        String origin = request.getHeader("Origin");
        String own = (request.isSecure() ? "https://" : "http://") + request.getHeader("Host");
        if (origin != null && !origin.toLowerCase(Locale.ROOT).equals(own.toLowerCase(Locale.ROOT))) {
            return "a request from another origin changes nothing here";
        }
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return "a request from another site changes nothing here";
        }
        return null;
    }

    /** @return whether the request asks for a change (anything but GET, HEAD and OPTIONS) */
    static boolean changes(HttpServletRequest request) {
        String method = request.getMethod();
        return !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
    }
}
