package dev.agentbank.app.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentbank.shared.Actor;
import dev.agentbank.tools.ToolBox;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bank workload of a chaos run, over MCP through the balancer: customers transfer between their own accounts and
 * pay their payees (at this bank and at another one), a teller reverses some of the acknowledged transfers. Each
 * operation is tried with one idempotency key until the bank answers it, or the grace period after the run ends.
 */
final class Workload {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> DONE = Set.of("posted", "already_posted", "paid", "pending", "returned");

    private final String mcpUrl;
    private final ChaosFixture fixture;
    private final String run;
    private final Instant end;
    private final Instant giveUp;
    private final AtomicLong numbers = new AtomicLong();
    private final ConcurrentLinkedQueue<ChaosOperation> finished = new ConcurrentLinkedQueue<>();
    private final BlockingQueue<Long> reversible = new LinkedBlockingQueue<>();

    /** New operations start until {@code end}; one in flight keeps being retried until {@code giveUp}. */
    Workload(String mcpUrl, ChaosFixture fixture, String run, Instant end, Instant giveUp) {
        this.mcpUrl = mcpUrl;
        this.fixture = fixture;
        this.run = run;
        this.end = end;
        this.giveUp = giveUp;
    }

    List<ChaosOperation> run(int workersPerCustomer) throws InterruptedException {
        List<Thread> workers = new ArrayList<>();
        for (ChaosFixture.CustomerSide customer : fixture.customers()) {
            for (int w = 0; w < workersPerCustomer; w++) {
                workers.add(Thread.ofPlatform().name("chaos-customer-" + customer.customerId() + "-" + w).start(() -> customer(customer)));
            }
        }
        workers.add(Thread.ofPlatform().name("chaos-teller").start(this::teller));
        for (Thread worker : workers) {
            worker.join();
        }
        return List.copyOf(finished);
    }

    private void customer(ChaosFixture.CustomerSide me) {
        try (McpHttpClient client = new McpHttpClient(mcpUrl, me.token())) {
            while (Instant.now().isBefore(end)) {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                int pick = random.nextInt(4);
                String key = key();
                String reference = "chaos " + key;
                Map<String, Object> arguments = new LinkedHashMap<>();
                if (pick < 2) {
                    BigDecimal amount = amount(100, 6000);
                    boolean out = random.nextBoolean();
                    arguments.put("from_account", out ? me.checking() : me.savings());
                    arguments.put("to_account", out ? me.savings() : me.checking());
                    arguments.put("amount", amount.toPlainString());
                    arguments.put("reference", reference);
                    arguments.put("idempotency_key", key);
                    ChaosOperation done = attempt(client, "transfer", arguments, ChaosOperation.Kind.TRANSFER, me.actor(), key,
                            reference, amount);
                    if (done.outcome() == ChaosOperation.Outcome.ACKNOWLEDGED && random.nextInt(3) == 0 && !done.note().isEmpty()) {
                        reversible.add(Long.parseLong(done.note()));
                    }
                } else {
                    boolean external = pick == 3;
                    BigDecimal amount = amount(100, 1500);
                    arguments.put("from_account", me.checking());
                    arguments.put("payee_id", external ? me.externalPayee() : me.internalPayee());
                    arguments.put("amount", amount.toPlainString());
                    arguments.put("reference", reference);
                    arguments.put("idempotency_key", key);
                    attempt(client, "pay", arguments, external ? ChaosOperation.Kind.EXTERNAL_PAYMENT
                            : ChaosOperation.Kind.INTERNAL_PAYMENT, me.actor(), key, reference, amount);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void teller() {
        try (McpHttpClient client = new McpHttpClient(mcpUrl, fixture.tellerToken())) {
            while (Instant.now().isBefore(end)) {
                Long transaction = reversible.poll(200, TimeUnit.MILLISECONDS);
                if (transaction == null) {
                    continue;
                }
                String key = key();
                String reason = "chaos " + key;
                Map<String, Object> arguments = new LinkedHashMap<>();
                arguments.put("transaction_id", transaction);
                arguments.put("reason", reason);
                arguments.put("idempotency_key", key);
                attempt(client, "reverse_transaction", arguments, ChaosOperation.Kind.REVERSAL, fixture.teller(), key, reason, BigDecimal.ZERO);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String key() {
        return "chaos-" + run + "-" + numbers.incrementAndGet();
    }

    private static BigDecimal amount(int fromMinor, int toMinor) {
        return BigDecimal.valueOf(ThreadLocalRandom.current().nextInt(fromMinor, toMinor + 1), 2);
    }

    /** Tries one operation under one key until answered; records and returns it (the note of a transfer is its id). */
    private ChaosOperation attempt(McpHttpClient client, String tool, Map<String, Object> arguments, ChaosOperation.Kind kind,
                                   Actor actor, String key, String reference, BigDecimal amount) throws InterruptedException {
        long minor = amount.movePointRight(2).longValueExact();
        int attempts = 0;
        long backoff = 100;
        String last = "";
        while (true) {
            attempts++;
            McpHttpClient.Reply reply = client.callTool(tool, arguments);
            if (reply instanceof McpHttpClient.Reply.Answered answered) {
                JsonNode result = answered.result();
                String text = text(result);
                if (result.path("isError").asBoolean(false)) {
                    if (!ToolBox.isFailure(text)) {
                        return record(new ChaosOperation(kind, actor, key, reference, minor, ChaosOperation.Outcome.REFUSED, attempts, text));
                    }
                    last = "system failure";
                } else {
                    JsonNode structured = structured(result, text);
                    String status = structured.path("status").asText("").toLowerCase(Locale.ROOT);
                    ChaosOperation.Outcome outcome = DONE.contains(status) ? ChaosOperation.Outcome.ACKNOWLEDGED : ChaosOperation.Outcome.REFUSED;
                    String note = kind == ChaosOperation.Kind.TRANSFER ? structured.path("transaction").path("transaction_id").asText("") : status;
                    return record(new ChaosOperation(kind, actor, key, reference, minor, outcome, attempts, note));
                }
            } else {
                last = ((McpHttpClient.Reply.NoAnswer) reply).why();
            }
            if (Instant.now().isAfter(giveUp)) {
                return record(new ChaosOperation(kind, actor, key, reference, minor, ChaosOperation.Outcome.UNANSWERED, attempts, last));
            }
            Thread.sleep(Duration.ofMillis(backoff));
            backoff = Math.min(1_000, backoff * 2);
        }
    }

    private ChaosOperation record(ChaosOperation operation) {
        finished.add(operation);
        return operation;
    }

    private static String text(JsonNode result) {
        for (JsonNode content : result.path("content")) {
            if (content.path("type").asText().equals("text")) {
                return content.path("text").asText("");
            }
        }
        return "";
    }

    private static JsonNode structured(JsonNode result, String text) {
        if (result.has("structuredContent")) {
            return result.get("structuredContent");
        }
        try {
            JsonNode parsed = JSON.readTree(text);
            return parsed == null ? JSON.createObjectNode() : parsed;
        } catch (java.io.IOException e) {
            return JSON.createObjectNode();
        }
    }
}
