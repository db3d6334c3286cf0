package org.awsdns.server.transport;

import java.net.InetSocketAddress;
import java.util.List;
import org.awsdns.server.metrics.MicrometerMetrics;

/** Placeholder so the config branch compiles; the transport branch provides the real class. */
public final class DnsServer implements AutoCloseable {
    private DnsServer() {}

    public static DnsServer start(ServerSettings settings, List<ServerBlock> blocks, MicrometerMetrics metrics) {
        throw new UnsupportedOperationException("placeholder: the transport branch provides DnsServer");
    }

    public List<InetSocketAddress> boundAddresses() {
        throw new UnsupportedOperationException("placeholder");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("placeholder");
    }
}
