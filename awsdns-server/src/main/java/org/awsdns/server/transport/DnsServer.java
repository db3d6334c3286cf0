package org.awsdns.server.transport;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awsdns.core.Pipeline;
import org.awsdns.server.metrics.MicrometerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DNS listeners of every server block: UDP and TCP on each distinct listen address, blocks
 * sharing an address served by the same sockets. Start with {@link #start}, stop with
 * {@link #close}, which lets queries in flight finish first.
 *
 * <p>Listener threads are not daemons: a started server keeps the JVM alive until closed.
 */
public final class DnsServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DnsServer.class);
    private static final long FAILURE_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long THREAD_STOP_MILLIS = 2000;
    private static final long DRAIN_POLL_MILLIS = 5;

    private final ServerSettings settings;
    /** The routes the sockets were bound for; the processor holds the current ones. */
    private final Routes routes;
    private final QueryProcessor processor;
    private final TcpServer tcp;
    private final ScheduledThreadPoolExecutor timer;
    private final List<UdpListener> udpListeners = new ArrayList<>();
    private final List<Thread> udpThreads = new ArrayList<>();
    private final List<InetSocketAddress> boundAddresses = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private DnsServer(ServerSettings settings, Routes routes, MicrometerMetrics metrics) throws IOException {
        this.settings = settings;
        this.routes = routes;
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "awsdns-query-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        TransportMetrics transportMetrics = new TransportMetrics(metrics);
        this.processor = new QueryProcessor(
                routes, settings, transportMetrics, new FailureLog(FAILURE_LOG_INTERVAL_NANOS), timer);
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
        Routes routes = Routes.of(blocks);
        if (routes.addresses().isEmpty()) {
            throw new IllegalArgumentException("no server block has a listen address");
        }
        DnsServer server = new DnsServer(settings, routes, metrics);
        try {
            server.bindAll();
        } catch (IOException | RuntimeException e) {
            server.closeSockets();
            throw e;
        }
        server.startThreads();
        return server;
    }

    /** The bound addresses with their actual ports, in configuration order; UDP and TCP each. */
    public List<InetSocketAddress> boundAddresses() {
        return Collections.unmodifiableList(boundAddresses);
    }

    private void bindAll() throws IOException {
        List<InetSocketAddress> addresses = routes.addresses();
        for (int index = 0; index < addresses.size(); index++) {
            SocketBinder.BoundSockets sockets = SocketBinder.bind(addresses.get(index), settings.udpThreads());
            ListenEndpoint endpoint = new ListenEndpoint(index, sockets.address());
            boundAddresses.add(sockets.address());
            for (DatagramChannel channel : sockets.udp()) {
                udpListeners.add(new UdpListener(channel, endpoint, processor));
            }
            // without SO_REUSEPORT there is one socket: its reader threads share it
            for (int thread = sockets.udp().size(); thread < settings.udpThreads(); thread++) {
                udpListeners.add(new UdpListener(sockets.udp().get(0), endpoint, processor));
            }
            tcp.listen(sockets.tcp(), endpoint);
            log.info("listening on {} (UDP and TCP)", sockets.address());
        }
    }

    private void startThreads() {
        for (int i = 0; i < udpListeners.size(); i++) {
            Thread thread = new Thread(udpListeners.get(i), "awsdns-udp-" + i);
            udpThreads.add(thread);
            thread.start();
        }
        tcp.start();
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
        processor.stopAccepting();
        tcp.drain();
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        awaitUntil(() -> processor.inFlight() == 0 && tcp.openConnections() == 0, deadline);
        if (processor.inFlight() > 0) {
            log.warn("{} queries still in flight after the shutdown grace period", processor.inFlight());
        }
        closePipelines();
        closeSockets();
        timer.shutdownNow();
    }

    private void closePipelines() {
        Set<Pipeline> pipelines = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ServerBlock block : processor.routes().blocks()) {
            if (pipelines.add(block.pipeline())) {
                block.pipeline().close();
            }
        }
    }

    private void closeSockets() {
        tcp.stop(THREAD_STOP_MILLIS);
        for (UdpListener listener : udpListeners) {
            listener.close();
        }
        for (Thread thread : udpThreads) {
            try {
                thread.join(THREAD_STOP_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void awaitUntil(java.util.function.BooleanSupplier done, long deadlineNanos) {
        while (!done.getAsBoolean() && System.nanoTime() - deadlineNanos < 0) {
            try {
                Thread.sleep(DRAIN_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
