package dev.agentbank.lending.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one underwriting rule said about one application: which rule (code and version), its verdict, the sentence a
 * person can read, and the inputs it looked at, as text, so the record can be stored, shown and compared exactly.
 */
public record RuleResult(String code, String version, Verdict verdict, String sentence, Map<String, String> inputs) {
    /** A rule's verdict. Only {@code PASS} lets an application through untouched; {@link UnderwritingRules} ranks the rest. */
    public enum Verdict { PASS, COUNTER_OFFER, REFER, DECLINE }

    public RuleResult {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(sentence, "sentence");
        // Insertion order kept for reading; equality is by content either way.
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }

    public boolean passed() {
        return verdict == Verdict.PASS;
    }
}
