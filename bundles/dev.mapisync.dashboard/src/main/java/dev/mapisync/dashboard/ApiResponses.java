package dev.mapisync.dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.servlet.http.HttpServletResponse;

/** JSON bodies with their status codes; errors are {"error": text, "status": code}. */
final class ApiResponses {

    private ApiResponses() {
    }

    static void json(HttpServletResponse response, int code, Object body) throws IOException {
        response.setStatus(code);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    static void error(HttpServletResponse response, int code, String text) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", text);
        body.put("status", code);
        json(response, code, body);
    }
}
