package dev.agentbank.mcp.ops;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The operations endpoints and who may reach them without a bearer token. /healthz and /readyz say nothing about
 * customers, and probes (a load balancer, Kubernetes) carry no token and often a bare IP as Host, so they pass every
 * check. /metrics names tools and counts calls: without a token only from this machine (a scraper or agent beside
 * the instance), and never for a request a proxy forwarded, since a proxy on this machine makes every caller
 * look local.
 */
public final class OpsPaths {
    public static final String HEALTH = "/healthz";
    public static final String READY = "/readyz";
    public static final String METRICS = "/metrics";

    private OpsPaths() {}

    /** /healthz and /readyz: no Host, Origin or token check. */
    public static boolean isProbe(HttpServletRequest request) {
        String path = request.getServletPath();
        return HEALTH.equals(path) || READY.equals(path);
    }

    /** Any of the three: a draining instance still answers them. */
    static boolean isOps(HttpServletRequest request) {
        return isProbe(request) || METRICS.equals(request.getServletPath());
    }

    /** /metrics asked from this machine by no proxy: no token needed (the Host and Origin checks still apply). */
    public static boolean isLocalMetricsScrape(HttpServletRequest request) {
        return METRICS.equals(request.getServletPath()) && fromLoopback(request);
    }

    static boolean fromLoopback(HttpServletRequest request) {
        if (request.getHeader("Forwarded") != null || request.getHeader("X-Forwarded-For") != null) {
            return false;
        }
        try {
            // an IP literal: no name lookup happens
            return InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
