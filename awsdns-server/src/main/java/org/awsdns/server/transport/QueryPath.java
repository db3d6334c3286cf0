package org.awsdns.server.transport;

import java.net.InetSocketAddress;
import org.awsdns.core.Transport;

/**
 * The query path of one listen address without its socket: decode, route, chain, encode. What a
 * listener calls for each packet it reads, and the seam benchmarks and fuzzers reach it through.
 * Thread-safe; never throws.
 */
public interface QueryPath {

    /**
     * Serves {@code packet}, as if received from {@code client} over {@code transport}. A
     * {@link Outcome.Reply} returned at once may lend this thread's buffer: read it (or take
     * {@link Outcome.Reply#bytes()}) before this thread serves another packet.
     */
    Outcome process(byte[] packet, InetSocketAddress client, Transport transport);
}
