package org.awsdns.plugins.hosts;

import static java.util.Objects.requireNonNull;

import java.util.function.Supplier;
import org.awsdns.core.Metrics;

/** The {@code hosts} plugin's meters, registered once when the plugin is created. */
final class HostsMetrics {
    static final String ENTRIES = "hosts_entries";
    static final String INVALID_LINES = "hosts_invalid_lines";
    static final String RELOADS = "hosts_reloads";
    static final String RELOAD_FAILURES = "hosts_reload_failures";

    private final Metrics.Counter reloads;
    private final Metrics.Counter reloadFailures;

    HostsMetrics(Metrics metrics, Supplier<HostsIndex> index) {
        requireNonNull(metrics, "metrics is null");
        requireNonNull(index, "index is null");
        metrics.gauge(ENTRIES, "Name/address pairs the hosts plugin answers from", () -> index.get().entries());
        metrics.gauge(INVALID_LINES, "Lines of the hosts file skipped as invalid at the last load",
                () -> index.get().invalidLines());
        reloads = metrics.counter(RELOADS, "Times the hosts file was re-read after a change");
        reloadFailures = metrics.counter(RELOAD_FAILURES, "Checks or reads of the hosts file that failed");
    }

    void reloaded() {
        reloads.increment();
    }

    void reloadFailed() {
        reloadFailures.increment();
    }
}
