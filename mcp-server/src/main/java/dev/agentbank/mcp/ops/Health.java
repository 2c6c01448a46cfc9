package dev.agentbank.mcp.ops;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** /healthz: the process answers HTTP. No database, no token: a restart is the only cure for a failing one. */
final class Health extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Json.write(response, HttpServletResponse.SC_OK, "{\"status\":\"up\"}");
    }
}
