package org.awsdns.server.transport;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.awsdns.core.Pipeline;
import org.awsdns.server.metrics.MicrometerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DNS listeners of every server block: UDP and TCP on each distinct listen address, blocks
 * sharing an address served by the same sockets. Start with {@link #start}, replace the blocks
 * with {@link #apply} (a reload), stop with {@link #close}, which lets queries in flight finish
 * first.
 *
 * <p>Listener threads are not daemons: a started server keeps the JVM alive until closed.
 */
public final class DnsServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DnsServer.class);
    private static final long FAILURE_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long THREAD_STOP_MILLIS = 2000;
    private static final long DRAIN_POLL_MILLIS = 5;

    private final QueryProcessor processor;
    private final TcpServer tcp;
    private final TransportMetrics transportMetrics;
    private final ScheduledThreadPoolExecutor timer;
    /** The sockets of each configured address (port 0 as written), guarded by {@code this}. */
    private final Map<InetSocketAddress, Listener> listeners = new LinkedHashMap<>();
    private volatile List<InetSocketAddress> boundAddresses = List.of();
    private int nextEndpointId;
    private int nextThreadId;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DnsServer(ServerSettings settings, MicrometerMetrics metrics, Routes initial, TransportMetrics transportMetrics)
            throws IOException {
        this.transportMetrics = transportMetrics;
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "awsdns-query-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        this.processor = new QueryProcessor(initial, transportMetrics, new FailureLog(FAILURE_LOG_INTERVAL_NANOS), timer);
        this.tcp = new TcpServer(settings, processor, transportMetrics);
        metrics.gauge("in_flight_queries", "Queries received and not yet answered", processor::inFlight);
        metrics.gauge("tcp_connections", "Open TCP connections", tcp::openConnections);
    }

    /**
     * Binds UDP and TCP on every distinct listen address of {@code blocks} and starts serving.
     * A port of 0 gets one ephemeral port shared by UDP and TCP; see {@link #boundAddresses()}.
     *
     * @throws IOException when an address cannot be bound; nothing stays bound then
     */
    public static DnsServer start(ServerSettings settings, List<ServerBlock> blocks, MicrometerMetrics metrics)
            throws IOException {
        requireNonNull(settings, "settings is null");
        requireNonNull(blocks, "blocks is null");
        requireNonNull(metrics, "metrics is null");
        List<InetSocketAddress> addresses = Routes.addresses(blocks);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no server block has a listen address");
        }
        TransportMetrics transportMetrics = new TransportMetrics(metrics);
        Map<InetSocketAddress, Integer> ids = new HashMap<>();
        for (int i = 0; i < addresses.size(); i++) {
            ids.put(addresses.get(i), i);
        }
        Routes routes = Routes.of(blocks, ids, settings, transportMetrics);
        DnsServer server = new DnsServer(settings, metrics, routes, transportMetrics);
        synchronized (server) {
            List<Listener> bound = new ArrayList<>();
            try {
                for (InetSocketAddress address : addresses) {
                    bound.add(server.bind(address, settings));
                }
            } catch (IOException | RuntimeException e) {
                bound.forEach(Listener::closeUdp);
                bound.forEach(listener -> closeQuietly(listener.tcp()));
                server.timer.shutdownNow();
                server.tcp.stop(0);
                throw e;
            }
            for (Listener listener : bound) {
                server.startListener(listener);
            }
            server.tcp.start();
            server.boundAddresses = server.bound(routes);
        }
        return server;
    }

    /** The bound addresses with their actual ports, in configuration order; UDP and TCP each. */
    public List<InetSocketAddress> boundAddresses() {
        return boundAddresses;
    }

    /**
     * Serves {@code blocks} from now on, as a reload does: binds the addresses that are new, swaps
     * the routing table (queries already routed finish in their old block), closes the sockets of
     * addresses no longer used, waits up to {@code drainTimeout} for the old generation's queries
     * to be answered, then closes the pipelines of the old blocks that are not in {@code blocks}.
     * Sockets of unchanged addresses are kept, with the UDP thread count they were bound with.
     *
     * @param settings the new transport settings: EDNS size and query timeout apply to new
     *     queries at once, {@code udp_threads} to new addresses; the TCP limits stay as started
     * @throws IOException when a new address cannot be bound; nothing changed then
     */
    public synchronized Applied apply(ServerSettings settings, List<ServerBlock> blocks, Duration drainTimeout)
            throws IOException {
        requireNonNull(settings, "settings is null");
        requireNonNull(blocks, "blocks is null");
        if (closed.get()) {
            throw new IllegalStateException("the server is closed");
        }
        List<InetSocketAddress> addresses = Routes.addresses(blocks);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no server block has a listen address");
        }
        List<Listener> added = new ArrayList<>();
        try {
            for (InetSocketAddress address : addresses) {
                if (!listeners.containsKey(address)) {
                    added.add(bind(address, settings));
                }
            }
        } catch (IOException | RuntimeException e) {
            for (Listener listener : added) {
                listeners.remove(listener.configured());
                listener.closeUdp();
                closeQuietly(listener.tcp());
            }
            throw e;
        }
        Map<InetSocketAddress, Integer> ids = new HashMap<>();
        for (InetSocketAddress address : addresses) {
            ids.put(address, listeners.get(address).endpoint().index());
        }
        Routes routes = Routes.of(blocks, ids, settings, transportMetrics);
        for (Listener listener : added) {
            startListener(listener);
        }
        Routes previous = processor.routes(routes);
        boundAddresses = bound(routes);
        List<InetSocketAddress> removed = new ArrayList<>();
        List<Thread> stopping = new ArrayList<>();
        for (Listener listener : List.copyOf(listeners.values())) {
            if (!addresses.contains(listener.configured())) {
                listeners.remove(listener.configured());
                tcp.unlisten(listener.tcp());
                listener.closeUdp();
                stopping.addAll(listener.threads());
                removed.add(listener.endpoint().local());
                log.info("stopped listening on {}", listener.endpoint().local());
            }
        }
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        boolean drained = awaitUntil(() -> previous.inFlight() == 0, deadline);
        if (!drained) {
            log.warn("{} queries of the previous configuration still in flight after {}; closing its plugins",
                    previous.inFlight(), drainTimeout);
        }
        closePipelines(previous.blocks(), blocks);
        joinAll(stopping);
        return new Applied(added.stream().map(listener -> listener.endpoint().local()).toList(), removed, drained);
    }

    /**
     * What {@link #apply} did.
     *
     * @param added the addresses newly bound, with their ports
     * @param removed the addresses no longer listened on
     * @param drained whether every query of the previous configuration was answered before its plugins closed
     */
    public record Applied(List<InetSocketAddress> added, List<InetSocketAddress> removed, boolean drained) {}

    private Listener bind(InetSocketAddress address, ServerSettings settings) throws IOException {
        SocketBinder.BoundSockets sockets = SocketBinder.bind(address, settings.udpThreads());
        ListenEndpoint endpoint = new ListenEndpoint(nextEndpointId++, sockets.address());
        List<UdpListener> udp = new ArrayList<>();
        for (DatagramChannel channel : sockets.udp()) {
            udp.add(new UdpListener(channel, endpoint, processor));
        }
        // without SO_REUSEPORT there is one socket: its reader threads share it
        for (int thread = sockets.udp().size(); thread < settings.udpThreads(); thread++) {
            udp.add(new UdpListener(sockets.udp().get(0), endpoint, processor));
        }
        Listener listener = new Listener(address, endpoint, udp, new ArrayList<>(), sockets.tcp());
        listeners.put(address, listener);
        return listener;
    }

    private void startListener(Listener listener) throws IOException {
        tcp.listen(listener.tcp(), listener.endpoint());
        for (UdpListener udp : listener.udp()) {
            Thread thread = new Thread(udp, "awsdns-udp-" + nextThreadId++);
            listener.threads().add(thread);
            thread.start();
        }
        log.info("listening on {} (UDP and TCP)", listener.endpoint().local());
    }

    private List<InetSocketAddress> bound(Routes routes) {
        return routes.addresses().stream().map(address -> listeners.get(address).endpoint().local()).toList();
    }

    /**
     * Stops gracefully: no new queries are taken (TCP listening sockets close, UDP packets are
     * dropped), queries in flight get up to {@code shutdownGrace} to be answered, then the blocks'
     * pipelines close and so do the sockets. Calling it again does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (this) {
            processor.stopAccepting();
            tcp.drain();
            long deadline = System.nanoTime() + processor.routes().settings().shutdownGrace().toNanos();
            awaitUntil(() -> processor.inFlight() == 0 && tcp.openConnections() == 0, deadline);
            if (processor.inFlight() > 0) {
                log.warn("{} queries still in flight after the shutdown grace period", processor.inFlight());
            }
            closePipelines(processor.routes().blocks(), List.of());
            tcp.stop(THREAD_STOP_MILLIS);
            List<Thread> threads = new ArrayList<>();
            for (Listener listener : listeners.values()) {
                listener.closeUdp();
                threads.addAll(listener.threads());
            }
            joinAll(threads);
            timer.shutdownNow();
        }
    }

    /** Closes the pipelines of {@code old} blocks that no block of {@code kept} uses. */
    private static void closePipelines(List<ServerBlock> old, List<ServerBlock> kept) {
        Set<Pipeline> keep = Collections.newSetFromMap(new IdentityHashMap<>());
        kept.forEach(block -> keep.add(block.pipeline()));
        Set<Pipeline> closed = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ServerBlock block : old) {
            if (!keep.contains(block.pipeline()) && closed.add(block.pipeline())) {
                block.pipeline().close();
            }
        }
    }

    private static void joinAll(List<Thread> threads) {
        for (Thread thread : threads) {
            try {
                thread.join(THREAD_STOP_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean awaitUntil(BooleanSupplier done, long deadlineNanos) {
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadlineNanos >= 0) {
                return false;
            }
            try {
                Thread.sleep(DRAIN_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return done.getAsBoolean();
            }
        }
        return true;
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing {} failed", channel, e);
        }
    }

    /** The sockets and threads of one configured address. */
    private record Listener(
            InetSocketAddress configured, ListenEndpoint endpoint, List<UdpListener> udp, List<Thread> threads,
            java.nio.channels.ServerSocketChannel tcp) {
        void closeUdp() {
            udp.forEach(UdpListener::close);
        }
    }
}
