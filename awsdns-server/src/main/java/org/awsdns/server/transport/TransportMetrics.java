package org.awsdns.server.transport;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.awsdns.core.Metrics;
import org.awsdns.server.metrics.MicrometerMetrics;

/**
 * The listeners' counters, registered once so the query path only increments. Names get the
 * {@code awsdns_} prefix from {@link Metrics}. The per-query meters (requests, responses,
 * durations, sizes) are in {@link QueryMetrics}, one per (block, zone).
 */
final class TransportMetrics {
    private final MeterRegistry registry;
    private final QueryMetrics unrouted;
    private final Map<MalformedReason, Metrics.Counter> malformed = new EnumMap<>(MalformedReason.class);
    private final Metrics.Counter tcpConnectionsRefused;
    private final ConnectionMetrics tcpConnections;
    private final Metrics.Counter tcpConnectionsAccepted;
    private final Metrics.Counter queryTimeouts;
    private final Metrics.Counter pluginFailures;
    private final Metrics.Counter noReplies;
    private final Metrics metrics;

    TransportMetrics(MicrometerMetrics metrics) {
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.registry = metrics.registry();
        this.unrouted = QueryMetrics.unrouted(registry);
        for (MalformedReason reason : MalformedReason.values()) {
            malformed.put(reason, metrics.counter(
                    "malformed_packets", "Packets that were not proper queries, by reason", "reason", reason.label()));
        }
        tcpConnectionsAccepted = metrics.counter("tcp_connections_accepted", "TCP connections accepted");
        tcpConnectionsRefused = metrics.counter(
                "tcp_connections_refused",
                "TCP connections closed at once (per-client limit, or max_tcp_connections open and none idle)");
        tcpConnections = new ConnectionMetrics(metrics, "tcp");
        queryTimeouts = metrics.counter("query_timeouts", "Queries answered SERVFAIL because the chain took too long");
        pluginFailures = metrics.counter("plugin_failures", "Queries answered SERVFAIL because a plugin failed");
        noReplies = metrics.counter("no_replies", "Queries left unanswered because a plugin asked so (acl drop)");
    }

    /** The meters of packets no block took (server and zone {@code -}). */
    QueryMetrics unrouted() {
        return unrouted;
    }

    /** New meters for the queries of {@code block} in {@code zone}. */
    QueryMetrics forZone(ServerBlock block, String zone) {
        List<String> plugins = block.pipeline().names();
        return new QueryMetrics(registry, block.name(), zone, plugins);
    }

    void malformed(MalformedReason reason) {
        malformed.get(reason).increment();
    }

    void tcpConnectionAccepted() {
        tcpConnectionsAccepted.increment();
    }

    void tcpConnectionRefused() {
        tcpConnectionsRefused.increment();
    }

    /** How TCP connections ended. */
    ConnectionMetrics tcpConnections() {
        return tcpConnections;
    }

    void queryTimeout() {
        queryTimeouts.increment();
    }

    void pluginFailure() {
        pluginFailures.increment();
    }

    void noReply() {
        noReplies.increment();
    }

    void gauge(String name, String help, Supplier<Number> value) {
        metrics.gauge(name, help, value);
    }
}
