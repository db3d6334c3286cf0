package org.awsdns.plugins.ec2.inventory;

import java.util.function.Supplier;
import org.awsdns.core.Metrics;

/**
 * An inventory's meters, registered once when it is created. Every meter has the label
 * {@code inventory} (the inventory's name in the configuration).
 */
public final class InventoryMetrics {
    /** Why an API call was made. */
    public enum Purpose {
        REFRESH,
        MISS,
        /** A targeted call for instances that change events reported running. */
        EVENT
    }

    /** How an API call ended. */
    public enum Outcome {
        SUCCESS,
        THROTTLED,
        ERROR
    }

    private final Metrics metrics;
    private final String inventory;
    private final Metrics.Counter[][] apiCalls = new Metrics.Counter[Purpose.values().length][Outcome.values().length];
    private final Metrics.Counter missLookups;
    private final Metrics.Counter missRateLimited;

    public InventoryMetrics(Metrics metrics, String inventory) {
        this.metrics = metrics;
        this.inventory = inventory;
        for (Purpose purpose : Purpose.values()) {
            for (Outcome outcome : Outcome.values()) {
                apiCalls[purpose.ordinal()][outcome.ordinal()] = metrics.counter("ec2_api_calls",
                        "EC2 API calls by operation, purpose and outcome", "inventory", inventory,
                        "operation", "DescribeInstances", "purpose", label(purpose), "outcome", label(outcome));
            }
        }
        missLookups = metrics.counter("ec2_miss_lookups",
                "Targeted lookups made for names or addresses not in the index", "inventory", inventory);
        missRateLimited = metrics.counter("ec2_miss_rate_limited",
                "Misses not looked up because miss_rate was exceeded", "inventory", inventory);
    }

    void gauges(Supplier<Number> instances, Supplier<Number> ageSeconds, Supplier<Number> skippedNames) {
        metrics.gauge("ec2_inventory_instances", "Instances in the inventory's index", instances,
                "inventory", inventory);
        metrics.gauge("ec2_inventory_age_seconds", "Seconds since the index was last loaded", ageSeconds,
                "inventory", inventory);
        metrics.gauge("ec2_names_skipped", "Values that could not become DNS names in the current index",
                skippedNames, "inventory", inventory);
    }

    void apiCall(Purpose purpose, Outcome outcome) {
        apiCalls[purpose.ordinal()][outcome.ordinal()].increment();
    }

    void apiFailure(Purpose purpose, Throwable failure) {
        apiCall(purpose, AwsErrors.isThrottling(failure) ? Outcome.THROTTLED : Outcome.ERROR);
    }

    void missLookup() {
        missLookups.increment();
    }

    void missRateLimited() {
        missRateLimited.increment();
    }

    private static String label(Enum<?> value) {
        return value.name().toLowerCase(java.util.Locale.ROOT);
    }
}
