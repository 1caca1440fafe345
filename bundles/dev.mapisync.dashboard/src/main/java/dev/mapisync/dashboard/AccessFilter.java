package dev.mapisync.dashboard;

import dev.mapisync.dashboard.AccessRule.Verdict;
import java.io.IOException;
import java.net.URI;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;
import org.osgi.service.metatype.annotations.Designate;

/** Applies the {@link AccessRule} to every dashboard request: the page, its files, the API and the event stream. */
@Component(service = Filter.class, configurationPid = "dev.mapisync.dashboard")
@Designate(ocd = DashboardConfig.class)
@HttpWhiteboardFilterPattern({"/mapisync", "/mapisync/*"})
@HttpWhiteboardFilterAsyncSupported
public class AccessFilter implements Filter {

    private static final String BEARER = "Bearer ";
    private static final String HTTP_RUNTIME = "org.osgi.service.http.runtime.HttpServiceRuntime";

    /** RFC 9110's 421 Misdirected Request: this server does not serve that host name. */
    private static final int MISDIRECTED = 421;

    private final AccessRule rule;
    private final HostNames hosts;

    @Activate
    public AccessFilter(BundleContext context, DashboardConfig config) {
        this.rule = new AccessRule(config.accessToken());
        this.hosts = new HostNames(config.allowedHosts());
        announce(context);
    }

    /** Says where the page is; an HTTP server that listens beyond loopback without a token gets a warning. */
    private void announce(BundleContext context) {
        System.Logger log = System.getLogger(AccessFilter.class.getName());
        if (rule.unresolved().isPresent()) {
            log.log(System.Logger.Level.WARNING, "mapisync " + closedText());
            return;
        }
        try {
            ServiceReference<?>[] runtimes = context.getServiceReferences(HTTP_RUNTIME, null);
            for (ServiceReference<?> runtime : runtimes == null ? new ServiceReference<?>[0] : runtimes) {
                Object endpoints = runtime.getProperty("osgi.http.endpoint");
                for (String endpoint : endpoints instanceof String[] many ? many : new String[] {String.valueOf(endpoints)}) {
                    String page = endpoint + (endpoint.endsWith("/") ? "" : "/") + "mapisync/";
                    String host = URI.create(endpoint).getHost();
                    if (rule.hasToken() || AccessRule.isLoopback(host)) {
                        log.log(System.Logger.Level.INFO, "mapisync dashboard: " + page);
                    } else {
                        log.log(System.Logger.Level.WARNING, "mapisync dashboard: " + page + " refuses every request: the server "
                                + "listens beyond loopback and no accessToken is set (PID dev.mapisync.dashboard)");
                    }
                }
            }
        } catch (InvalidSyntaxException | IllegalArgumentException e) {
            log.log(System.Logger.Level.WARNING, "mapisync dashboard: cannot tell where the HTTP server listens: " + e);
        }
    }

    @Override
    public void init(FilterConfig config) {
    }

    @Override
    public void destroy() {
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        HttpServletResponse out = (HttpServletResponse) response;
        protect(out);
        if (!hosts.serves(http.getHeader("Host"), http.getLocalAddr(), http.getLocalPort(), http.isSecure())) {
            ApiResponses.error(out, MISDIRECTED, "this server does not answer for the host name this request names; "
                    + "an operator who wants it served lists it in allowedHosts (PID dev.mapisync.dashboard)");
            return;
        }
        String refusal = PageOrigin.changes(http) ? PageOrigin.refusal(http) : null;
        if (refusal != null) {
            ApiResponses.error(out, HttpServletResponse.SC_FORBIDDEN, refusal);
            return;
        }
        String fromUrl = pageToken(http);
        Verdict verdict = rule.decide(http.getLocalAddr(), fromUrl != null ? fromUrl : presented(http));
        switch (verdict) {
            case ALLOWED -> {
                if (fromUrl != null && rule.hasToken()) {
                    // The token leaves the URL: kept in a cookie, the page is loaded again without it.
                    out.addHeader("Set-Cookie", TokenCookie.header(fromUrl, http.isSecure()));
                    out.setStatus(HttpServletResponse.SC_SEE_OTHER);
                    out.setHeader("Location", http.getRequestURI());
                    return;
                }
                chain.doFilter(request, response);
            }
            case TOKEN_MISSING -> {
                out.setHeader("WWW-Authenticate", "Bearer realm=\"mapisync\"");
                ApiResponses.error(out, HttpServletResponse.SC_UNAUTHORIZED, "this dashboard needs its access token: "
                        + "Authorization: Bearer <token>, or open the page once as /mapisync/?token=<token>");
            }
            case NEEDS_TOKEN_CONFIGURED -> ApiResponses.error(out, HttpServletResponse.SC_FORBIDDEN,
                    "the dashboard answers on " + http.getLocalAddr() + " only with an access token: set accessToken "
                            + "(PID dev.mapisync.dashboard), or bind the HTTP server to 127.0.0.1");
            case TOKEN_UNRESOLVED -> ApiResponses.error(out, HttpServletResponse.SC_SERVICE_UNAVAILABLE, closedText());
        }
    }

    /** Headers on every answer: no framing by other sites, no type guessing, no address in a Referer. */
    private static void protect(HttpServletResponse out) {
        out.setHeader("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
                + "form-action 'self'");
        out.setHeader("X-Frame-Options", "DENY");
        out.setHeader("X-Content-Type-Options", "nosniff");
        out.setHeader("Referrer-Policy", "no-referrer");
    }

    private String closedText() {
        return "the dashboard is closed: its accessToken holds " + rule.unresolved().orElse("")
                + ", which ConfigAdmin did not resolve (is the secret file there?); set it, or remove accessToken "
                + "(PID dev.mapisync.dashboard)";
    }

    /** @return the token in the query of a GET of the page itself, the one place a URL may carry it */
    private static String pageToken(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean page = path.equals("/mapisync") || path.equals("/mapisync/");
        return page && request.getMethod().equals("GET") && request.getQueryString() != null
                ? request.getParameter("token") : null;
    }

    private static String presented(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.startsWith(BEARER)) {
            return header.substring(BEARER.length()).trim();
        }
        return TokenCookie.presented(request);
    }
}
