package org.awsdns.server.transport;

import static java.util.Objects.requireNonNull;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;
import org.awsdns.core.Metrics;
import org.awsdns.core.Transport;
import org.xbill.DNS.Rcode;

/**
 * The listeners' counters, registered once so the query path only increments. Names get the
 * {@code awsdns_} prefix from {@link Metrics}.
 */
final class TransportMetrics {
    /** Rcodes with their own counter; anything else counts as {@code OTHER}. */
    private static final int KNOWN_RCODES = Rcode.BADVERS + 1;

    private final Metrics.Counter udpRequests;
    private final Metrics.Counter tcpRequests;
    private final Metrics.Counter[] responses = new Metrics.Counter[KNOWN_RCODES];
    private final Metrics.Counter otherResponses;
    private final Map<MalformedReason, Metrics.Counter> malformed = new EnumMap<>(MalformedReason.class);
    private final Metrics.Counter tcpConnectionsRefused;
    private final Metrics.Counter tcpConnectionsAccepted;
    private final Metrics.Counter queryTimeouts;
    private final Metrics.Counter pluginFailures;
    private final Metrics.Counter noReplies;
    private final Metrics metrics;

    TransportMetrics(Metrics metrics) {
        this.metrics = requireNonNull(metrics, "metrics is null");
        udpRequests = metrics.counter("requests", "Packets received, by transport", "transport", "udp");
        tcpRequests = metrics.counter("requests", "Packets received, by transport", "transport", "tcp");
        for (int rcode = 0; rcode < KNOWN_RCODES; rcode++) {
            String name = Rcode.string(rcode);
            if (!name.chars().allMatch(Character::isDigit)) {
                responses[rcode] = metrics.counter("responses", "Responses sent, by rcode", "rcode", name);
            }
        }
        otherResponses = metrics.counter("responses", "Responses sent, by rcode", "rcode", "OTHER");
        for (MalformedReason reason : MalformedReason.values()) {
            malformed.put(reason, metrics.counter(
                    "malformed_packets", "Packets that were not proper queries, by reason", "reason", reason.label()));
        }
        tcpConnectionsAccepted = metrics.counter("tcp_connections_accepted", "TCP connections accepted");
        tcpConnectionsRefused = metrics.counter(
                "tcp_connections_refused", "TCP connections closed at once because max_tcp_connections were open");
        queryTimeouts = metrics.counter("query_timeouts", "Queries answered SERVFAIL because the chain took too long");
        pluginFailures = metrics.counter("plugin_failures", "Queries answered SERVFAIL because a plugin failed");
        noReplies = metrics.counter("no_replies", "Queries left unanswered because a plugin asked so (acl drop)");
    }

    void request(Transport transport) {
        (transport == Transport.UDP ? udpRequests : tcpRequests).increment();
    }

    void response(int rcode) {
        Metrics.Counter counter = rcode >= 0 && rcode < KNOWN_RCODES ? responses[rcode] : null;
        (counter == null ? otherResponses : counter).increment();
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
