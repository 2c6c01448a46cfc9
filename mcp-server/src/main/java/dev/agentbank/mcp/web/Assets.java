package dev.agentbank.mcp.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** The dashboard's scripts and styles, from the classpath: a fixed list, so no path from a URL ever reaches the loader. */
final class Assets {
    private static final Map<String, String> FILES = Map.of(
            "dashboard.css", "dashboard/dashboard.css",
            "queue.js", "dashboard/queue.js",
            "charts.js", "dashboard/charts.js",
            "echarts.min.js", "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js");

    void serve(String name, HttpServletResponse response) throws IOException {
        String resource = FILES.get(name);
        InputStream in = resource == null ? null : Assets.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        try (in) {
            response.setStatus(200);
            response.setContentType(name.endsWith(".css") ? "text/css;charset=utf-8" : "text/javascript;charset=utf-8");
            response.setHeader("Cache-Control", "private, max-age=300");
            in.transferTo(response.getOutputStream());
        }
    }
}
