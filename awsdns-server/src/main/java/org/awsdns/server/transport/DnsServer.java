package org.awsdns.server.transport;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awsdns.core.IpLiterals;
import org.awsdns.server.metrics.MicrometerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DNS listeners of every server block, on Netty: UDP and TCP on each distinct listen address,
 * blocks sharing an address served by the same sockets, all on one group of event loops (native
 * epoll or NIO, {@code transport.io}). Start with {@link #start}, serve a new {@link Generation}
 * with {@link #apply} (a reload), stop with {@link #close}, which lets queries in flight finish
 * first.
 */
public final class DnsServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DnsServer.class);
    private static final long FAILURE_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long LOOP_STOP_MILLIS = 2000;
    /** Nothing owned beside the chains: for hosts (and tests) that close their own resources. */
    private static final Generation.Owned NOTHING = successor -> {};

    private final EventLoops loops;
    private final QueryProcessor processor;
    private final TcpConnections tcp;
    private final TransportMetrics transportMetrics;
    private final ScheduledThreadPoolExecutor timer;
    /** The sockets of each configured address (port 0 as written), guarded by {@code this}. */
    private final Map<InetSocketAddress, Listener> listeners = new LinkedHashMap<>();
    private volatile List<InetSocketAddress> boundAddresses = List.of();
    private int nextEndpointId;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DnsServer(EventLoops loops, ServerSettings settings, MicrometerMetrics metrics, TransportMetrics transportMetrics,
            ScheduledThreadPoolExecutor timer, Generation initial) {
        this.loops = loops;
        this.transportMetrics = transportMetrics;
        this.timer = timer;
        this.processor = new QueryProcessor(initial, transportMetrics, new FailureLog(FAILURE_LOG_INTERVAL_NANOS), timer);
        this.tcp = new TcpConnections(settings, processor, transportMetrics);
        metrics.gauge("in_flight_queries", "Queries received and not yet answered", processor::inFlight);
        metrics.gauge("tcp_connections", "Open TCP connections", tcp::open);
    }

    /** Like {@link #start(ServerSettings, List, Generation.Owned, MicrometerMetrics)}, owning nothing but the chains. */
    public static DnsServer start(ServerSettings settings, List<ServerBlock> blocks, MicrometerMetrics metrics)
            throws IOException {
        return start(settings, blocks, NOTHING, metrics);
    }

    /**
     * Binds UDP and TCP on every distinct listen address of {@code blocks} and starts serving them
     * as the first generation. A port of 0 gets one ephemeral port shared by UDP and TCP; see
     * {@link #boundAddresses()}.
     *
     * @param owned what the generation owns beside its chains, closed with it
     * @throws IOException when an address cannot be bound, or epoll was asked for and does not
     *     load; nothing stays bound then (and nothing of {@code blocks} is closed)
     */
    public static DnsServer start(ServerSettings settings, List<ServerBlock> blocks, Generation.Owned owned,
            MicrometerMetrics metrics) throws IOException {
        requireNonNull(settings, "settings is null");
        requireNonNull(blocks, "blocks is null");
        requireNonNull(owned, "owned is null");
        requireNonNull(metrics, "metrics is null");
        List<InetSocketAddress> addresses = RoutingTable.addresses(blocks);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no server block has a listen address");
        }
        TransportMetrics transportMetrics = new TransportMetrics(metrics);
        Map<InetSocketAddress, Integer> ids = new HashMap<>();
        for (int i = 0; i < addresses.size(); i++) {
            ids.put(addresses.get(i), i);
        }
        Generation generation = new Generation(blocks, settings,
                RoutingTable.of(blocks, ids, transportMetrics), owned);
        EventLoops loops = EventLoops.start(settings.io(), settings.udpThreads());
        ScheduledThreadPoolExecutor timer = timer();
        DnsServer server = new DnsServer(loops, settings, metrics, transportMetrics, timer, generation);
        synchronized (server) {
            List<Listener> bound = new ArrayList<>();
            try {
                for (InetSocketAddress address : addresses) {
                    bound.add(server.bind(address, Generation.secureOf(blocks, address)));
                }
            } catch (IOException | RuntimeException e) {
                bound.forEach(Listener::closeAll);
                loops.shutdown(LOOP_STOP_MILLIS);
                timer.shutdownNow();
                throw e;
            }
            bound.forEach(server::startListener);
            server.boundAddresses = server.bound(generation);
        }
        log.info("I/O: {} ({} event loops{})", loops.mode(), loops.size(),
                settings.io() == IoMode.AUTO && loops.mode() == IoMode.NIO
                        ? "; epoll does not load here: " + IoMode.epollUnavailableReason()
                        : "");
        return server;
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "awsdns-query-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** The bound addresses with their actual ports, in configuration order; UDP and TCP each. */
    public List<InetSocketAddress> boundAddresses() {
        return boundAddresses;
    }

    /** The I/O mode the listeners run on ({@code auto} resolved). */
    public IoMode ioMode() {
        return loops.mode();
    }

    /** The generation now serving. */
    public Generation current() {
        return processor.current();
    }

    /**
     * The query path of the listen address bound at {@code bound} (one of {@link #boundAddresses()}),
     * as its listeners use it, for benchmarks and fuzzers.
     */
    public QueryPath queryPath(InetSocketAddress bound) {
        requireNonNull(bound, "bound is null");
        ListenEndpoint endpoint;
        synchronized (this) {
            endpoint = listeners.values().stream()
                    .map(Listener::endpoint)
                    .filter(candidate -> candidate.local().equals(bound))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("not a bound address: " + bound));
        }
        return (packet, client, transport) -> processor.process(packet, client, endpoint, transport);
    }

    /**
     * Serves {@code blocks} from now on, as a reload does: binds the addresses that are new, makes
     * a new generation current (queries already started finish in theirs), closes the sockets of
     * addresses no longer used. The previous generation closes, with its chains that the new one
     * does not use and what it owns, when its last query is done: see {@link Applied#previousClosed()}.
     * Sockets of unchanged addresses are kept.
     *
     * @param settings the new transport settings: EDNS size and query timeout apply to new
     *     queries at once; the I/O mode, thread count and TCP limits stay as started
     * @param owned what the new generation owns beside its chains
     * @throws IOException when a new address cannot be bound; nothing changed then
     */
    public synchronized Applied apply(ServerSettings settings, List<ServerBlock> blocks, Generation.Owned owned)
            throws IOException {
        requireNonNull(settings, "settings is null");
        requireNonNull(blocks, "blocks is null");
        requireNonNull(owned, "owned is null");
        if (closed.get()) {
            throw new IllegalStateException("the server is closed");
        }
        List<InetSocketAddress> addresses = RoutingTable.addresses(blocks);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no server block has a listen address");
        }
        List<Listener> added = new ArrayList<>();
        try {
            for (InetSocketAddress address : addresses) {
                if (!listeners.containsKey(address)) {
                    added.add(bind(address, Generation.secureOf(blocks, address)));
                }
            }
        } catch (IOException | RuntimeException e) {
            for (Listener listener : added) {
                listeners.remove(listener.configured());
                listener.closeAll();
            }
            throw e;
        }
        Map<InetSocketAddress, Integer> ids = new HashMap<>();
        for (InetSocketAddress address : addresses) {
            ids.put(address, listeners.get(address).index());
        }
        Generation next = new Generation(blocks, settings, RoutingTable.of(blocks, ids, transportMetrics), owned);
        added.forEach(this::startListener);
        Generation previous = processor.swap(next);
        boundAddresses = bound(next);
        List<InetSocketAddress> removed = new ArrayList<>();
        for (Listener listener : List.copyOf(listeners.values())) {
            if (!addresses.contains(listener.configured())) {
                listeners.remove(listener.configured());
                listener.closeAll();
                removed.add(listener.endpoint().local());
                log.info("stopped listening on {}", IpLiterals.format(listener.endpoint().local()));
            }
        }
        return new Applied(added.stream().map(listener -> listener.endpoint().local()).toList(), removed,
                previous.closed());
    }

    /**
     * What {@link #apply} did.
     *
     * @param added the addresses newly bound, with their ports
     * @param removed the addresses no longer listened on
     * @param previousClosed completes when the previous generation's last query is done and it has closed
     */
    public record Applied(List<InetSocketAddress> added, List<InetSocketAddress> removed,
            CompletableFuture<Void> previousClosed) {}

    private Listener bind(InetSocketAddress address, SecureListen secure) throws IOException {
        Listener listener = new Listener(address, nextEndpointId++, secure);
        SocketBinder.bind(loops, listener, secure != null ? null : () -> new UdpHandler(processor, listener), tcp.acceptor(),
                tcp.initializer(listener));
        listeners.put(address, listener);
        return listener;
    }

    private void startListener(Listener listener) {
        listener.startReading();
        log.info("listening on {} ({})", IpLiterals.format(listener.endpoint().local()), listener.describe());
    }

    private List<InetSocketAddress> bound(Generation generation) {
        return generation.routes().addresses().stream()
                .map(address -> listeners.get(address).endpoint().local())
                .toList();
    }

    /**
     * Stops gracefully: no new queries are taken (TCP listening sockets close, UDP packets are
     * dropped), queries in flight get up to {@code shutdown_grace} to be answered, then the
     * generation closes (its chains and what it owns) and so do the sockets and event loops.
     * Calling it again does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (this) {
            processor.stopAccepting();
            listeners.values().forEach(Listener::closeTcp);
            tcp.drain();
            Generation last = processor.current();
            long graceNanos = last.settings().shutdownGrace().toNanos();
            long deadline = System.nanoTime() + graceNanos;
            last.retire(null);
            if (!await(last.closed(), graceNanos)) {
                log.warn("{} queries still in flight after the shutdown grace period", processor.inFlight());
                last.forceClose();
            }
            tcp.awaitClosed(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            tcp.closeAll();
            listeners.values().forEach(Listener::closeUdp);
            loops.shutdown(LOOP_STOP_MILLIS);
            timer.shutdownNow();
        }
    }

    private static boolean await(CompletableFuture<Void> future, long nanos) {
        try {
            future.get(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return future.isDone();
        } catch (ExecutionException e) {
            return true;
        }
    }

}
