package dev.agentbank.mcp.ops;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.agentbank.app.BankRuntime;
import dev.agentbank.jobs.Jobs;
import dev.agentbank.mcp.InFlight;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.OutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance's meters, in one Prometheus registry: tool calls by tool and outcome and their latency, calls under
 * way, the connection pool, the fraud monitor's lag, the background jobs and the JVM. agent-tools knows nothing of
 * Micrometer: it hands over plain values (the pool's MXBean, job passes, a lag observer).
 */
public final class Metrics implements InFlight.Listener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Metrics.class);
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final AutoCloseable fraudLag;
    private final Jobs jobs;
    private final Set<String> watchedJobs = ConcurrentHashMap.newKeySet();

    public Metrics(BankRuntime runtime) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gc.bindTo(registry);
        pool(runtime.database().dataSource());
        Timer lag = Timer.builder("bank.fraud.monitor.lag")
                .description("from an event's posting to the commit of the fraud monitor's judgement of it")
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry);
        this.fraudLag = runtime.observeFraudLag(lag::record);
        this.jobs = runtime.jobs();
    }

    /** The in-flight gauge and the draining flag, once the instance has them. */
    public void watch(InFlight inFlight, Drain drain) {
        Gauge.builder("bank.mcp.tool.calls.in.flight", inFlight, InFlight::running)
                .description("tool calls under way").strongReference(true).register(registry);
        Gauge.builder("bank.mcp.draining", drain, d -> d.draining() ? 1 : 0)
                .description("1 while the instance drains before stopping").strongReference(true).register(registry);
    }

    @Override
    public void ended(String tool, InFlight.Outcome outcome, Duration took) {
        // Micrometer keeps one meter per name and tags: registering again finds it
        Counter.builder("bank.mcp.tool.calls")
                .description("tool calls that ended, by tool and outcome (ok, refused, error)")
                .tags("tool", tool, "outcome", outcome.name().toLowerCase(Locale.ROOT))
                .register(registry).increment();
        Timer.builder("bank.mcp.tool.call.duration")
                .description("how long tool calls took, by tool")
                .tags("tool", tool)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry).record(took);
    }

    /** The Prometheus text of every meter now. */
    public void scrape(OutputStream out) throws IOException {
        jobs.passes().forEach((name, passes) -> {
            if (!watchedJobs.add(name)) {
                return; // jobs start once per process; a gauge registered twice only warns
            }
            Gauge.builder("bank.job.last.success.age", passes, p -> p.sinceLastSuccess().toNanos() / 1e9)
                    .description("seconds since the job's last good pass (since it started, before any)")
                    .baseUnit("seconds").tags("job", name).strongReference(true).register(registry);
            FunctionCounter.builder("bank.job.failures", passes, Jobs.Passes::failures)
                    .description("failed passes of the job").tags("job", name).register(registry);
        });
        registry.scrape(out, CONTENT_TYPE);
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    /** HikariCP's own names (hikaricp_connections_*), read from its MXBean: any number of registries may watch one pool. */
    private void pool(DataSource dataSource) {
        HikariDataSource hikari;
        try {
            hikari = dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class) : null;
        } catch (java.sql.SQLException e) {
            hikari = null;
        }
        if (hikari == null || hikari.getHikariPoolMXBean() == null) {
            log.debug("no Hikari pool to watch");
            return;
        }
        HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
        Tags tags = Tags.of("pool", String.valueOf(hikari.getPoolName()));
        poolGauge("hikaricp.connections.active", "connections lent out", pool, HikariPoolMXBean::getActiveConnections, tags);
        poolGauge("hikaricp.connections.idle", "connections waiting in the pool", pool, HikariPoolMXBean::getIdleConnections, tags);
        poolGauge("hikaricp.connections.pending", "threads waiting for a connection", pool,
                HikariPoolMXBean::getThreadsAwaitingConnection, tags);
        poolGauge("hikaricp.connections", "connections open", pool, HikariPoolMXBean::getTotalConnections, tags);
        Gauge.builder("hikaricp.connections.max", hikari, HikariDataSource::getMaximumPoolSize)
                .description("the pool's size limit").tags(tags).strongReference(true).register(registry);
    }

    private void poolGauge(String name, String description, HikariPoolMXBean pool, ToDoubleFunction<HikariPoolMXBean> value, Tags tags) {
        Gauge.builder(name, pool, value).description(description).tags(tags).strongReference(true).register(registry);
    }

    @Override
    public void close() {
        try {
            fraudLag.close();
        } catch (Exception e) {
            log.debug("unhooking the fraud lag: {}", e.toString());
        }
        gc.close();
        registry.close();
    }
}
