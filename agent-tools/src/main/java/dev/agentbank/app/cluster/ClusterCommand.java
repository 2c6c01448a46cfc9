package dev.agentbank.app.cluster;

import dev.agentbank.config.BankConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./bank cluster}: several MCP HTTP instances on one database behind HAProxy, until Ctrl-C or SIGTERM. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = {"Run several ./bank mcp --http instances on one PostgreSQL (BANK_DATABASE_URL, else the embedded one)",
                "behind HAProxy, which must be installed (apt-get install -y haproxy). Streamable HTTP sessions stick to their",
                "instance by Mcp-Session-Id; legacy SSE streams and their messages by the bearer token. An instance that exits",
                "is started again. Ctrl-C or SIGTERM stops HAProxy and the instances. Files and logs go to $BANK_HOME/cluster."})
public final class ClusterCommand implements Callable<Integer> {
    @Option(names = "--instances", defaultValue = "3", description = "How many instances (default ${DEFAULT-VALUE}).")
    int instances;

    @Option(names = "--port", defaultValue = "8080", description = "HAProxy's port on 127.0.0.1; 0 picks a free one (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--health-check", paramLabel = "PATH|tcp",
            description = "What HAProxy asks each instance: GET PATH must answer 200, or tcp for a connection only"
                    + " (default " + Cluster.DEFAULT_CHECK + ", or tcp on a build without it).")
    String healthCheck;

    @Override
    public Integer call() throws InterruptedException {
        BankConfig config = BankConfig.fromEnvironment();
        Cluster.Options options = new Cluster.Options(instances, port, Optional.ofNullable(healthCheck),
                config.home().resolve("cluster"), Launcher.path(), Map.of(), false);
        Cluster cluster = Cluster.start(options, System.err);
        AtomicBoolean stopping = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            cluster.close();
            stopped.countDown();
        }, "cluster-stop"));
        print(cluster);
        while (!stopping.get()) {
            if (!cluster.haproxyAlive()) {
                System.err.println("bank: HAProxy exited; stopping the instances (see " + options.directory().resolve("haproxy.log") + ")");
                cluster.close();
                return 1;
            }
            for (Instance instance : cluster.instances()) {
                if (!instance.alive() && !stopping.get()) {
                    System.err.println("bank: " + instance.name() + " exited; starting it again (log " + instance.log() + ")");
                    instance.start();
                    System.err.println("bank: " + instance.name() + " is pid " + instance.pid());
                }
            }
            Thread.sleep(Duration.ofSeconds(1));
        }
        stopped.await();
        return 0;
    }

    private static void print(Cluster cluster) {
        System.out.println("MCP (Streamable HTTP): " + cluster.mcpUrl());
        System.out.println("MCP (legacy SSE):      " + cluster.baseUrl() + "/sse");
        System.out.println("fraud dashboard:       " + cluster.baseUrl() + "/dashboard/");
        System.out.println("haproxy: pid " + cluster.haproxyPid() + ", health check: " + cluster.config().check().describe());
        for (Instance instance : cluster.instances()) {
            System.out.println("instance " + instance.name() + ": " + instance.url() + " pid " + instance.pid());
        }
        System.out.flush();
        System.err.println("bank: cluster running; stop it with Ctrl-C or SIGTERM");
    }
}
