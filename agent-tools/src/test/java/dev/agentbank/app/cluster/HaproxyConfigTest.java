package dev.agentbank.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HaproxyConfigTest {
    private static final List<HaproxyConfig.Server> THREE = List.of(
            new HaproxyConfig.Server("i1", "127.0.0.1", 41001),
            new HaproxyConfig.Server("i2", "127.0.0.1", 41002),
            new HaproxyConfig.Server("i3", "127.0.0.1", 41003));

    @Test
    void sticksStreamableSessionsByTheirSessionHeaderAndLegacySseByTheBearerToken() {
        String config = new HaproxyConfig("127.0.0.1", 8080, THREE, new HaproxyConfig.HealthCheck.Http("/readyz")).render();

        assertThat(config).contains("bind 127.0.0.1:8080")
                .contains("stick store-response res.hdr(Mcp-Session-Id)")
                .contains("stick match req.hdr(Mcp-Session-Id)")
                .contains("use_backend legacy-sse if legacy_sse")
                .contains("acl legacy_sse path /sse", "acl legacy_sse path_beg /message");
        String sse = config.substring(config.indexOf("\nbackend legacy-sse"));
        assertThat(sse).contains("balance hdr(Authorization)").contains("hash-type consistent").doesNotContain("stick ");
        for (int port = 41001; port <= 41003; port++) {
            assertThat(config.split("127\\.0\\.0\\.1:" + port + " check", -1)).hasSize(3); // once in each backend
        }
    }

    @Test
    void checksTheReadinessPathWithALoopbackHostOrOnlyTheConnection() {
        String http = new HaproxyConfig("127.0.0.1", 8080, THREE, new HaproxyConfig.HealthCheck.Http("/readyz")).render();
        String tcp = new HaproxyConfig("127.0.0.1", 8080, THREE, new HaproxyConfig.HealthCheck.Tcp()).render();

        assertThat(http).contains("http-check send meth GET uri /readyz ver HTTP/1.1 hdr Host 127.0.0.1")
                .contains("http-check expect status 200").contains("option httpchk");
        assertThat(tcp).doesNotContain("httpchk").doesNotContain("http-check");
        assertThat(HaproxyConfig.HealthCheck.parse("TCP")).isEqualTo(new HaproxyConfig.HealthCheck.Tcp());
        assertThat(HaproxyConfig.HealthCheck.parse("/healthz")).isEqualTo(new HaproxyConfig.HealthCheck.Http("/healthz"));
    }

    @Test
    void refusesAHealthCheckPathThatCouldBreakTheConfiguration() {
        assertThatThrownBy(() -> HaproxyConfig.HealthCheck.parse("/readyz\n    server evil 10.0.0.1:80"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HaproxyConfig.HealthCheck.parse("readyz")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HaproxyConfig("127.0.0.1", 8080, List.of(), new HaproxyConfig.HealthCheck.Tcp()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The configuration as HAProxy itself reads it; skipped where HAProxy is not installed. */
    @Test
    void haproxyAcceptsTheConfiguration(@TempDir Path directory) throws Exception {
        Path binary = Path.of("/usr/sbin/haproxy");
        assumeTrue(Files.isExecutable(binary), "HAProxy is not installed");
        for (HaproxyConfig.HealthCheck check : List.of(new HaproxyConfig.HealthCheck.Http("/readyz"), new HaproxyConfig.HealthCheck.Tcp())) {
            Path file = directory.resolve("haproxy.cfg");
            Files.writeString(file, new HaproxyConfig("127.0.0.1", 8080, THREE, check).render());
            Process process = new ProcessBuilder(binary.toString(), "-c", "-f", file.toString()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).doesNotContainIgnoringCase("warning");
        }
    }
}
