package org.awsdns.server.transport;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.awsdns.core.Pipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configuration as the query path serves it, from a query's decoding to its reply: the
 * blocks and their chains, the routing table, the settings-derived decoder, encoder and timeout,
 * and what else the configuration owns (shared resources, a metrics scope).
 *
 * <p>Reference-counted: the server holds one reference while the generation is current, and each
 * query holds one until its outcome is known. A reload swaps in a successor and drops the
 * server's reference; whoever drops the last one (the server, or the last query) closes the
 * generation: its chains that the successor does not use, then what it {@linkplain Owned owns}.
 */
public final class Generation {
    private static final Logger log = LoggerFactory.getLogger(Generation.class);

    /** What a generation owns beside its chains, closed after them. */
    public interface Owned {
        /** Closes what {@code successor} (null at shutdown) does not own as well. */
        void close(Owned successor);
    }

    private final List<ServerBlock> blocks;
    private final ServerSettings settings;
    private final RoutingTable routes;
    private final QueryDecoder decoder;
    private final ResponseEncoder encoder;
    private final long queryTimeoutNanos;
    private final Owned owned;
    private final AtomicInteger references = new AtomicInteger(1);
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile Generation successor;

    Generation(List<ServerBlock> blocks, ServerSettings settings, RoutingTable routes, Owned owned) {
        this.blocks = List.copyOf(blocks);
        this.settings = requireNonNull(settings, "settings is null");
        this.routes = requireNonNull(routes, "routes is null");
        this.owned = requireNonNull(owned, "owned is null");
        this.encoder = new ResponseEncoder(settings.ednsUdpSize());
        this.decoder = new QueryDecoder(settings.ednsUdpSize());
        this.queryTimeoutNanos = settings.queryTimeout().toNanos();
    }

    public List<ServerBlock> blocks() {
        return blocks;
    }

    /** How {@code address} (as configured) serves when it is encrypted; null for plain DNS. */
    SecureListen secure(java.net.InetSocketAddress address) {
        return secureOf(blocks, address);
    }

    static SecureListen secureOf(List<ServerBlock> blocks, java.net.InetSocketAddress address) {
        for (ServerBlock block : blocks) {
            SecureListen secure = block.secure().get(address);
            if (secure != null) {
                return secure;
            }
        }
        return null;
    }

    public ServerSettings settings() {
        return settings;
    }

    RoutingTable routes() {
        return routes;
    }

    QueryDecoder decoder() {
        return decoder;
    }

    ResponseEncoder encoder() {
        return encoder;
    }

    long queryTimeoutNanos() {
        return queryTimeoutNanos;
    }

    /** Takes a reference for one query; false once the generation has closed. */
    boolean tryRetain() {
        while (true) {
            int count = references.get();
            if (count == 0) {
                return false;
            }
            if (references.compareAndSet(count, count + 1)) {
                return true;
            }
        }
    }

    /** Drops a reference; the last one closes the generation. */
    void release() {
        if (references.decrementAndGet() == 0) {
            closeNow();
        }
    }

    /** No longer current: {@code next} (null at shutdown) serves from now on. Drops the server's reference. */
    void retire(Generation next) {
        this.successor = next;
        release();
    }

    /** Completes once the generation has closed. */
    CompletableFuture<Void> closed() {
        return closed;
    }

    /** Queries still holding this generation (plus one while it is current). */
    int references() {
        return references.get();
    }

    /** Closes at once, whatever still holds it: shutdown after the grace period. */
    void forceClose() {
        if (references.getAndSet(0) != 0) {
            closeNow();
        }
    }

    private void closeNow() {
        Generation next = successor;
        try {
            Set<Pipeline> keep = Collections.newSetFromMap(new IdentityHashMap<>());
            if (next != null) {
                next.blocks.forEach(block -> keep.add(block.pipeline()));
            }
            Set<Pipeline> done = Collections.newSetFromMap(new IdentityHashMap<>());
            for (ServerBlock block : blocks) {
                if (!keep.contains(block.pipeline()) && done.add(block.pipeline())) {
                    block.pipeline().close();
                }
            }
            owned.close(next == null ? null : next.owned);
        } catch (RuntimeException e) {
            log.warn("closing the previous configuration failed", e);
        } finally {
            closed.complete(null);
        }
    }

    /** What this generation owns beside its chains, as given when it was made. */
    public Owned owned() {
        return owned;
    }
}
