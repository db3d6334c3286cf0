package org.awsdns.server.transport;

import static java.util.Objects.requireNonNull;

import java.util.EnumMap;
import java.util.Map;
import org.awsdns.core.Metrics;

/** {@code awsdns_connections_closed_total{transport, reason}}: how the connections of one stream transport ended. */
public final class ConnectionMetrics {
    private final Map<ConnectionEnd, Metrics.Counter> ended = new EnumMap<>(ConnectionEnd.class);

    /** The counters of {@code transport} ({@code tcp}, later {@code tls}, {@code https}). */
    public ConnectionMetrics(Metrics metrics, String transport) {
        requireNonNull(metrics, "metrics is null");
        requireNonNull(transport, "transport is null");
        for (ConnectionEnd reason : ConnectionEnd.values()) {
            ended.put(reason, metrics.counter("connections_closed",
                    "Stream connections ended, by reason; refused ones included (per_client_limit, table_full)",
                    "transport", transport, "reason", reason.label()));
        }
    }

    void ended(ConnectionEnd reason) {
        ended.get(reason).increment();
    }
}
