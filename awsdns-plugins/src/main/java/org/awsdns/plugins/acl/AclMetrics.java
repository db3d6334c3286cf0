package org.awsdns.plugins.acl;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.awsdns.core.Metrics;

/**
 * The {@code acl} plugin's counters, one per rule, labelled with the rule's position
 * ({@code rule="0"}, ...) or {@code rule="default"} for queries no rule matched. Registered once,
 * when the plugin is created; no client address ever becomes a label.
 */
final class AclMetrics {
    static final String ALLOWED = "acl_allowed";
    static final String BLOCKED = "acl_blocked";
    static final String DROPPED = "acl_dropped";
    static final String RULE = "rule";
    static final String DEFAULT_RULE = "default";

    private final Metrics.Counter[] byRule;
    private final Metrics.Counter noRuleMatched;

    AclMetrics(Metrics metrics, List<CompiledRule> rules) {
        requireNonNull(metrics, "metrics is null");
        byRule = new Metrics.Counter[rules.size()];
        for (int i = 0; i < rules.size(); i++) {
            byRule[i] = counter(metrics, rules.get(i).action(), Integer.toString(i));
        }
        noRuleMatched = counter(metrics, AclAction.ALLOW, DEFAULT_RULE);
    }

    private static Metrics.Counter counter(Metrics metrics, AclAction action, String rule) {
        return switch (action) {
            case ALLOW -> metrics.counter(ALLOWED, "Queries the acl plugin let through, by rule", RULE, rule);
            case BLOCK -> metrics.counter(BLOCKED, "Queries the acl plugin answered REFUSED, by rule", RULE, rule);
            case DROP -> metrics.counter(DROPPED, "Queries the acl plugin dropped without a reply, by rule", RULE, rule);
        };
    }

    /** Counts a query decided by the rule at {@code index}. */
    void matched(int index) {
        byRule[index].increment();
    }

    /** Counts a query no rule matched (allowed). */
    void noRuleMatched() {
        noRuleMatched.increment();
    }
}
