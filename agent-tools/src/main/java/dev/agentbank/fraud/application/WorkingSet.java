package dev.agentbank.fraud.application;

import dev.agentbank.fraud.jdbc.Activity;
import dev.agentbank.fraud.model.AccountActivity;
import dev.agentbank.fraud.model.ChannelActivity;
import dev.agentbank.fraud.model.Movement;
import dev.agentbank.fraud.model.Observed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one batch of the monitor judges against: the accounts' and customers' history read once for the whole batch,
 * then grown in memory as the batch's own events are judged in order, so each movement sees exactly what came before
 * it. Replaces three queries per movement with two per batch.
 */
final class WorkingSet {
    private final Map<String, List<Movement>> movements;
    private final Map<Long, Signals> signals = new HashMap<>();
    private final List<Observed> newMovements = new ArrayList<>();
    private final List<Activity.Signal> newSignals = new ArrayList<>();

    WorkingSet(Map<String, List<Movement>> movements, Map<Long, ChannelActivity> channels) {
        this.movements = new HashMap<>(movements);
        channels.forEach((customer, channel) -> signals.put(customer, new Signals(channel)));
    }

    /** The history of these movements' accounts and customers over the span before the earliest, in two queries. */
    static WorkingSet read(java.sql.Connection connection, Activity activity, List<Observed> movements) throws java.sql.SQLException {
        java.util.Set<String> accounts = new java.util.HashSet<>();
        java.util.Set<Long> customers = new java.util.HashSet<>();
        Instant earliest = null;
        for (Observed observed : movements) {
            accounts.add(observed.movement().account());
            customers.add(observed.customerId());
            earliest = earliest == null || observed.movement().at().isBefore(earliest) ? observed.movement().at() : earliest;
        }
        if (earliest == null) {
            return new WorkingSet(Map.of(), Map.of());
        }
        Instant from = earliest.minus(Activity.SPAN);
        return new WorkingSet(activity.histories(connection, accounts, from), activity.channels(connection, customers, from));
    }

    /** The account's history as the rules see it at this movement: the span before it, and the last movement before that. */
    AccountActivity activityFor(Observed observed) {
        Movement movement = observed.movement();
        Instant from = movement.at().minus(Activity.SPAN);
        List<Movement> all = movements.getOrDefault(movement.account(), List.of());
        List<Movement> seen = new ArrayList<>();
        Movement lastBefore = null;
        for (Movement earlier : all) {
            if (earlier.eventId() == movement.eventId() || earlier.at().isAfter(movement.at())) {
                continue;
            }
            if (earlier.at().isBefore(from)) {
                lastBefore = lastBefore == null || !earlier.at().isBefore(lastBefore.at()) ? earlier : lastBefore;
            } else {
                seen.add(earlier);
            }
        }
        if (lastBefore != null) {
            seen.add(lastBefore);
        }
        seen.sort(java.util.Comparator.comparing(Movement::at).thenComparingLong(Movement::eventId));
        return new AccountActivity(seen, signals.computeIfAbsent(observed.customerId(), c -> new Signals(ChannelActivity.NONE))
                .upTo(movement.at(), from));
    }

    void add(Observed observed) {
        movements.computeIfAbsent(observed.movement().account(), account -> new ArrayList<>()).add(observed.movement());
        newMovements.add(observed);
    }

    void add(Activity.Signal signal) {
        Signals customer = signals.computeIfAbsent(signal.customerId(), c -> new Signals(ChannelActivity.NONE));
        switch (signal.kind()) {
            case "decision" -> customer.decisions.add(new ChannelActivity.Decision(signal.at(),
                    ChannelActivity.Outcome.valueOf(signal.outcome()), signal.session()));
            case "payee_added" -> customer.payees.add(new ChannelActivity.PayeeAdded(signal.at(), signal.payeeId(), signal.session()));
            case "client_seen" -> customer.clients.add(new ChannelActivity.ClientSeen(signal.at(), signal.client()));
            default -> throw new IllegalArgumentException("unknown fraud signal " + signal.kind());
        }
        newSignals.add(signal);
    }

    List<Observed> newMovements() {
        return newMovements;
    }

    List<Activity.Signal> newSignals() {
        return newSignals;
    }

    /** One customer's channel activity, growing with the batch. */
    private static final class Signals {
        final List<ChannelActivity.Decision> decisions;
        final List<ChannelActivity.PayeeAdded> payees;
        final List<ChannelActivity.ClientSeen> clients;

        Signals(ChannelActivity read) {
            decisions = new ArrayList<>(read.decisions());
            payees = new ArrayList<>(read.payeesAdded());
            clients = new ArrayList<>(read.clientsSeen());
        }

        /** As {@link Activity#channel}: the span before {@code at}, and every client's first use. */
        ChannelActivity upTo(Instant at, Instant from) {
            return new ChannelActivity(
                    decisions.stream().filter(d -> !d.at().isAfter(at) && !d.at().isBefore(from)).toList(),
                    payees.stream().filter(p -> !p.at().isAfter(at) && !p.at().isBefore(from)).toList(),
                    clients.stream().filter(c -> !c.at().isAfter(at)).toList());
        }
    }
}
