package dev.agentbank.fraud.application;

import dev.agentbank.fraud.model.Channel;
import dev.agentbank.fraud.model.Hit;
import dev.agentbank.fraud.model.Movement;
import dev.agentbank.fraud.model.Observed;
import dev.agentbank.shared.events.EventFeed.Event;
import dev.agentbank.shared.money.Money;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a posting event as the movements fraud monitoring judges: one per customer account the entry touched, with
 * how it came about. A field an older event lacks reads as unknown, never as a failure: the stream outlives versions.
 */
final class EventReading {
    private EventReading() {}

    /** What screening decided before the money left, carried by a held payment's posting. */
    record Screened(int score, List<Hit> hits) {}

    static List<Observed> movements(Event event) {
        Map<String, Object> body = event.body();
        Map<String, Object> details = map(body.get("details"));
        String kind = text(body.get("entry_kind"), "UNKNOWN");
        Currency currency = Currency.getInstance(text(body.get("currency"), "EUR"));
        List<Map<String, Object>> legs = new ArrayList<>();
        for (Object leg : list(body.get("legs"))) {
            legs.add(map(leg));
        }
        Optional<Long> transactionId = number(body.get("transaction_id"));
        Optional<String> paymentId = Optional.ofNullable(string(details.get("payment_id")));
        Optional<String> payeeId = Optional.ofNullable(string(details.get("payee_id")));
        Optional<Instant> payeeAddedAt = Optional.ofNullable(string(details.get("payee_added_at"))).map(Instant::parse);
        Channel channel = channel(details);
        List<Observed> movements = new ArrayList<>();
        for (Map<String, Object> leg : legs) {
            Optional<Long> customer = number(leg.get("customer_id"));
            long minor = number(leg.get("amount_minor")).orElse(0L);
            if (customer.isEmpty() || minor == 0) {
                continue;
            }
            String account = text(leg.get("account"), "?");
            boolean out = minor < 0;
            Money amount = Money.ofMinor(Math.abs(minor), currency);
            // the payee's name names the receiver: the payer's leg gets it, the receiving leg the payer's account
            Optional<String> counterparty = (out ? Optional.ofNullable(string(details.get("counterparty"))) : Optional.<String>empty())
                    .or(() -> otherCustomerAccount(legs, account));
            Movement movement = new Movement(event.id(), event.occurredAt(), account, out ? Movement.Direction.OUT : Movement.Direction.IN,
                    amount, counterparty, out ? payeeAddedAt.map(added -> Duration.between(added, event.occurredAt())) : Optional.empty(),
                    out ? payeeId : Optional.empty(), channel);
            movements.add(new Observed(movement, customer.get(), describe(kind, out, amount, counterparty), transactionId, paymentId));
        }
        return movements;
    }

    /** The hold screening decided, if this posting is a held payment. */
    static Optional<Screened> screened(Event event) {
        Map<String, Object> screening = map(map(event.body().get("details")).get("screening"));
        if (!Boolean.TRUE.equals(screening.get("held"))) {
            return Optional.empty();
        }
        List<Hit> hits = new ArrayList<>();
        for (Object raw : list(screening.get("hits"))) {
            Map<String, Object> hit = map(raw);
            hits.add(new Hit(text(hit.get("rule"), "?"), text(hit.get("version"), "?"), number(hit.get("score")).orElse(1L).intValue(),
                    text(hit.get("evidence"), "")));
        }
        return Optional.of(new Screened(number(screening.get("score")).orElse(0L).intValue(), hits));
    }

    /** How a posting came about, from its audit details: the call's provenance and the human's approval, if any. */
    static Channel channel(Map<String, Object> details) {
        String approvedBy = string(details.get("approved_by"));
        Optional<Channel.Confirmation> confirmation = Optional.empty();
        if (approvedBy != null && !approvedBy.equals("policy")) {
            Optional<Instant> asked = Optional.ofNullable(string(details.get("asked_at"))).map(Instant::parse);
            Optional<Instant> approved = Optional.ofNullable(string(details.get("approved_at"))).map(Instant::parse);
            Duration answeredIn = asked.isPresent() && approved.isPresent()
                    ? Duration.between(asked.get(), approved.get()) : Duration.ofDays(1);
            confirmation = Optional.of(new Channel.Confirmation(text(details.get("approval_channel"), "unknown"), answeredIn));
        }
        return new Channel(text(details.get("transport"), "system"), text(details.get("client"), "unknown"),
                text(details.get("session"), "none"), Boolean.TRUE.equals(details.get("proposed_by_model")), confirmation);
    }

    private static Optional<String> otherCustomerAccount(List<Map<String, Object>> legs, String account) {
        return legs.stream()
                .filter(leg -> leg.get("customer_id") != null && !account.equals(leg.get("account")))
                .map(leg -> text(leg.get("account"), "?"))
                .findFirst();
    }

    private static String describe(String kind, boolean out, Money amount, Optional<String> counterparty) {
        String words = switch (kind) {
            case "PAYMENT", "PAYMENT_OUT", "PAYMENT_HELD" -> out ? "payment" : "incoming payment";
            case "PAYMENT_RETURNED" -> "returned payment";
            case "PAYMENT_RELEASED" -> "incoming payment";
            default -> kind.toLowerCase(Locale.ROOT).replace('_', ' ');
        };
        String party = counterparty.map(name -> (out ? " to " : " from ") + "\"" + name + "\"").orElse("");
        return words + " of " + amount + party;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> list ? list : List.of();
    }

    static String string(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    static String text(Object value, String fallback) {
        return Objects.requireNonNullElse(string(value), fallback);
    }

    static Optional<Long> number(Object value) {
        return value instanceof Number n ? Optional.of(n.longValue()) : Optional.empty();
    }
}
