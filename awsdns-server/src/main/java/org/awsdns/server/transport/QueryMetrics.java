package org.awsdns.server.transport;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.awsdns.core.Transport;
import org.awsdns.server.metrics.QueryHistogram;
import org.awsdns.server.metrics.QueryHistograms;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The per-query meters of one (server block, zone): requests by type, transport and family,
 * responses by rcode and answering plugin, duration by type, request and response sizes by
 * transport. Each meter is registered the first time its label values occur and kept in an array
 * indexed by them, so the query path builds no tags and does no map lookup.
 *
 * <p>The label values are bounded: the type is one of {@link #TYPE_NAMES}, the plugin one of the
 * block's chain or {@code -}, the rcode one of dnsjava's names or {@code OTHER}.
 */
final class QueryMetrics {
    /** Used for the server and zone labels of packets no block took, and for "no plugin". */
    static final String NONE = "-";
    static final String[] TYPE_NAMES = {"A", "AAAA", "PTR", "TXT", "SRV", "MX", "NS", "SOA", "CNAME", "ANY", "HTTPS", "other"};
    static final int OTHER_TYPE = TYPE_NAMES.length - 1;
    private static final int KNOWN_RCODES = Rcode.BADVERS + 1;
    private static final int RCODE_SLOTS = KNOWN_RCODES + 1;
    private static final String[] TRANSPORTS = {"udp", "tcp", "tls", "https"};
    private static final String[] FAMILIES = {"ipv4", "ipv6"};
    /** CoreDNS's buckets: 0.25 ms doubling up to about 8 s, in nanoseconds. */
    private static final long[] DURATION_BUCKETS = durationBuckets();
    /** CoreDNS's size buckets, in bytes. */
    private static final long[] SIZE_BUCKETS = {100, 200, 300, 400, 511, 1023, 2047, 4095, 8291, 16_000, 32_000, 48_000, 64_000};
    private static final double NANOS_PER_SECOND = 1e9;

    private final MeterRegistry registry;
    private final QueryHistograms histograms;
    private final String server;
    private final String zone;
    private final String[] plugins;
    private final AtomicReferenceArray<Counter> requests = new AtomicReferenceArray<>(TRANSPORTS.length * 2 * TYPE_NAMES.length);
    private final AtomicReferenceArray<Counter> responses;
    private final AtomicReferenceArray<QueryHistogram> durations = new AtomicReferenceArray<>(TYPE_NAMES.length);
    private final AtomicReferenceArray<QueryHistogram> requestSizes = new AtomicReferenceArray<>(TRANSPORTS.length);
    private final AtomicReferenceArray<QueryHistogram> responseSizes = new AtomicReferenceArray<>(TRANSPORTS.length);

    /**
     * @param server the block's name, e.g. {@code servers[0]}
     * @param zone the zone, e.g. {@code demo.internal.}
     * @param plugins the names of the block's chain, in order
     */
    QueryMetrics(MeterRegistry registry, String server, String zone, List<String> plugins) {
        this.registry = requireNonNull(registry, "registry is null");
        this.histograms = QueryHistograms.of(registry);
        this.server = requireNonNull(server, "server is null");
        this.zone = requireNonNull(zone, "zone is null");
        this.plugins = plugins.toArray(new String[0]);
        this.responses = new AtomicReferenceArray<>((this.plugins.length + 1) * RCODE_SLOTS);
        // UDP and TCP from the start, as before; TLS and HTTPS when their first query comes
        for (int transport = 0; transport < 2; transport++) {
            size(requestSizes, transport, "awsdns_request_size_bytes", "Size of the queries received, in bytes");
            size(responseSizes, transport, "awsdns_response_size_bytes", "Size of the responses sent, in bytes");
        }
    }

    private QueryHistogram size(AtomicReferenceArray<QueryHistogram> sizes, int transport, String name, String help) {
        QueryHistogram histogram = sizes.get(transport);
        if (histogram == null) {
            histogram = histograms.histogram(name, help, Unit.BYTES, SIZE_BUCKETS, 1,
                    "server", server, "zone", zone, "transport", TRANSPORTS[transport]);
            sizes.set(transport, histogram);
        }
        return histogram;
    }

    /** The meters for packets that reached no block: malformed, refused, unsupported. */
    static QueryMetrics unrouted(MeterRegistry registry) {
        return new QueryMetrics(registry, NONE, NONE, List.of());
    }

    /** The index of a query type in {@link #TYPE_NAMES}. */
    static int typeIndex(int type) {
        return switch (type) {
            case Type.A -> 0;
            case Type.AAAA -> 1;
            case Type.PTR -> 2;
            case Type.TXT -> 3;
            case Type.SRV -> 4;
            case Type.MX -> 5;
            case Type.NS -> 6;
            case Type.SOA -> 7;
            case Type.CNAME -> 8;
            case Type.ANY -> 9;
            case Type.HTTPS -> 10;
            default -> OTHER_TYPE;
        };
    }

    /** A query arrived: {@code typeIndex} from {@link #typeIndex}, {@code size} in bytes. */
    void request(int typeIndex, Transport transport, boolean ipv6, int size) {
        int transportIndex = transport.ordinal();
        int familyIndex = ipv6 ? 1 : 0;
        int slot = (transportIndex * 2 + familyIndex) * TYPE_NAMES.length + typeIndex;
        Counter counter = requests.get(slot);
        if (counter == null) {
            counter = Counter.builder("awsdns_requests")
                    .description("Queries received, by server block, zone, type, transport and family")
                    .tags("server", server, "zone", zone, "type", TYPE_NAMES[typeIndex],
                            "transport", TRANSPORTS[transportIndex], "family", FAMILIES[familyIndex])
                    .register(registry);
            requests.set(slot, counter);
        }
        counter.increment();
        size(requestSizes, transportIndex, "awsdns_request_size_bytes", "Size of the queries received, in bytes").record(size);
    }

    /**
     * A reply was sent.
     *
     * @param answeredBy the plugin that answered, or null for the end of the chain or the server
     * @param durationNanos from the packet's arrival to the reply
     */
    void response(int rcode, String answeredBy, int typeIndex, Transport transport, int size, long durationNanos) {
        int pluginIndex = pluginIndex(answeredBy);
        int rcodeIndex = rcode >= 0 && rcode < KNOWN_RCODES ? rcode : KNOWN_RCODES;
        int slot = (pluginIndex + 1) * RCODE_SLOTS + rcodeIndex;
        Counter counter = responses.get(slot);
        if (counter == null) {
            counter = Counter.builder("awsdns_responses")
                    .description("Responses sent, by server block, zone, rcode and the plugin that answered")
                    .tags("server", server, "zone", zone, "rcode", rcodeName(rcodeIndex),
                            "plugin", pluginIndex < 0 ? NONE : plugins[pluginIndex])
                    .register(registry);
            responses.set(slot, counter);
        }
        counter.increment();
        QueryHistogram duration = durations.get(typeIndex);
        if (duration == null) {
            duration = histograms.histogram("awsdns_request_duration_seconds",
                    "Time from receiving a query to sending its reply, by server block, zone and type", Unit.SECONDS,
                    DURATION_BUCKETS, NANOS_PER_SECOND, "server", server, "zone", zone, "type", TYPE_NAMES[typeIndex]);
            durations.set(typeIndex, duration);
        }
        duration.record(durationNanos);
        size(responseSizes, transport.ordinal(), "awsdns_response_size_bytes", "Size of the responses sent, in bytes").record(size);
    }

    /** The position of {@code name} in the chain, -1 for none; identity first, as the chain hands its own strings. */
    private int pluginIndex(String name) {
        if (name == null) {
            return -1;
        }
        for (int i = 0; i < plugins.length; i++) {
            if (plugins[i] == name) {
                return i;
            }
        }
        for (int i = 0; i < plugins.length; i++) {
            if (plugins[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static String rcodeName(int rcodeIndex) {
        if (rcodeIndex >= KNOWN_RCODES) {
            return "OTHER";
        }
        String name = Rcode.string(rcodeIndex);
        return name.chars().allMatch(Character::isDigit) ? "OTHER" : name;
    }

    private static long[] durationBuckets() {
        long[] buckets = new long[16];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = 250_000L << i;
        }
        return buckets;
    }
}
