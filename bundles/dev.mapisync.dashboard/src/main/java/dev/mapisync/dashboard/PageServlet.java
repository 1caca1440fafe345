package dev.mapisync.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The page and its script and style, from the bundle (src/main/resources/dashboard). The API
 * and the event stream have longer patterns of their own.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/mapisync/*")
public class PageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js",
            "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null) {
            // Relative links need the trailing slash.
            response.sendRedirect(request.getContextPath() + "/mapisync/"
                    + (request.getQueryString() == null ? "" : "?" + request.getQueryString()));
            return;
        }
        String name = path.equals("/") ? "/index.html" : path.startsWith("/static/") ? path.substring("/static".length()) : null;
        String extension = name == null ? "" : name.substring(name.lastIndexOf('.') + 1);
        // Only the page's own files: no path can walk out of the folder.
        if (name == null || !name.matches("/[a-z]+\\.(html|js|css)") || !TYPES.containsKey(extension)) {
            ApiResponses.error(response, HttpServletResponse.SC_NOT_FOUND, "no such page: /mapisync" + path);
            return;
        }
        try (InputStream in = PageServlet.class.getResourceAsStream("/dashboard" + name)) {
            if (in == null) {
                ApiResponses.error(response, HttpServletResponse.SC_NOT_FOUND, "no such file: " + name);
                return;
            }
            response.setContentType(TYPES.get(extension));
            response.setHeader("Cache-Control", "no-cache");
            in.transferTo(response.getOutputStream());
        }
    }
}
