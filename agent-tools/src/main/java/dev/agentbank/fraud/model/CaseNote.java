package dev.agentbank.fraud.model;

import java.time.Instant;

/** One append-only note on an alert's case, by an analyst (or {@code system:fraud} for actions taken). */
public record CaseNote(long id, long alertId, String author, Instant at, String text) {}
