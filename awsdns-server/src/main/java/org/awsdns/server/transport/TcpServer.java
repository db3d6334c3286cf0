package org.awsdns.server.transport;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every TCP listener and connection, served by one selector thread: it accepts, reads frames,
 * starts queries and writes replies. Replies completed on other threads come back as tasks, so no
 * connection state is ever shared between threads.
 */
final class TcpServer implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(TcpServer.class);
    private static final int MAX_ACCEPTS_PER_WAKEUP = 64;

    private final Selector selector;
    private final QueryProcessor processor;
    private final TransportMetrics metrics;
    private final ConnectionTable table;
    private final int maxPipelined;
    private final long idleNanos;
    private final long sweepMillis;
    private final List<ServerSocketChannel> acceptors = new CopyOnWriteArrayList<>();
    private final Set<TcpConnection> connections = new HashSet<>();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private volatile Thread thread;
    private volatile boolean running = true;
    private volatile boolean draining;
    private volatile int openConnections;

    TcpServer(ServerSettings settings, QueryProcessor processor, TransportMetrics metrics) throws IOException {
        this.processor = requireNonNull(processor, "processor is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.table = new ConnectionTable(ConnectionLimits.tcp(settings), metrics.tcpConnections());
        this.maxPipelined = settings.maxTcpPipelined();
        this.idleNanos = settings.tcpIdleTimeout().toNanos();
        // look for idle connections a few times per timeout, but not more often than needed
        this.sweepMillis = Math.max(10, Math.min(1000, settings.tcpIdleTimeout().toMillis() / 4));
        this.selector = Selector.open();
    }

    /**
     * Serves connections accepted on {@code channel}. Before {@link #start} it is registered at
     * once; afterwards the selector thread registers it (a reload adding an address).
     */
    void listen(ServerSocketChannel channel, ListenEndpoint endpoint) throws IOException {
        channel.configureBlocking(false);
        acceptors.add(channel);
        if (thread == null) {
            channel.register(selector, SelectionKey.OP_ACCEPT, endpoint);
            return;
        }
        execute(() -> {
            try {
                if (!draining && channel.isOpen()) {
                    channel.register(selector, SelectionKey.OP_ACCEPT, endpoint);
                }
            } catch (IOException e) {
                log.warn("cannot accept TCP connections on {}", endpoint.local(), e);
            }
        });
    }

    /**
     * Stops accepting on {@code channel} (a reload removed its address). Connections already
     * accepted there stay open until idle; their new queries find no block there.
     */
    void unlisten(ServerSocketChannel channel) {
        acceptors.remove(channel);
        if (thread == null) {
            closeQuietly(channel);
            return;
        }
        execute(() -> closeQuietly(channel));
    }

    void start() {
        Thread started = new Thread(this, "awsdns-tcp");
        thread = started;
        started.start();
    }

    @Override
    public void run() {
        long nextSweep = System.nanoTime();
        try {
            while (running) {
                selector.select(this::onSelected, sweepMillis);
                runTasks();
                long now = System.nanoTime();
                if (now - nextSweep >= 0) {
                    closeIdle(now);
                    nextSweep = now + sweepMillis * 1_000_000L;
                }
            }
        } catch (IOException | RuntimeException e) {
            log.error("TCP listener stopped", e);
        } finally {
            closeAll();
        }
    }

    private void onSelected(SelectionKey key) {
        try {
            if (!key.isValid()) {
                return;
            }
            if (key.isAcceptable()) {
                accept((ServerSocketChannel) key.channel(), (ListenEndpoint) key.attachment());
                return;
            }
            TcpConnection connection = (TcpConnection) key.attachment();
            if (key.isWritable()) {
                connection.onWritable();
            }
            if (key.isValid() && key.isReadable()) {
                connection.onReadable();
            }
        } catch (RuntimeException e) {
            // a cancelled key or a bug in one connection must not stop the others
            log.debug("TCP event failed", e);
            if (key.attachment() instanceof TcpConnection connection) {
                connection.close(ConnectionEnd.ERROR);
            }
        }
    }

    private void accept(ServerSocketChannel acceptor, ListenEndpoint endpoint) {
        for (int i = 0; i < MAX_ACCEPTS_PER_WAKEUP; i++) {
            SocketChannel channel;
            try {
                channel = acceptor.accept();
            } catch (IOException e) {
                log.debug("accept failed on {}", endpoint.local(), e);
                return;
            }
            if (channel == null) {
                return;
            }
            ConnectionTable.Slot slot = null;
            try {
                InetSocketAddress client = (InetSocketAddress) channel.getRemoteAddress();
                TcpConnection connection = new TcpConnection(this, channel, client, endpoint, processor, maxPipelined);
                slot = table.register(client.getAddress(), connection::evict);
                if (slot == null) {
                    metrics.tcpConnectionRefused();
                    closeQuietly(channel);
                    continue;
                }
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                connection.attach(channel.register(selector, SelectionKey.OP_READ, connection), slot);
                connections.add(connection);
                openConnections = connections.size();
                metrics.tcpConnectionAccepted();
            } catch (IOException | RuntimeException e) {
                log.debug("setting up a connection on {} failed", endpoint.local(), e);
                if (slot != null) {
                    slot.release(ConnectionEnd.ERROR);
                }
                closeQuietly(channel);
            }
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.debug("TCP task failed", e);
            }
        }
    }

    private void closeIdle(long now) {
        for (TcpConnection connection : List.copyOf(connections)) {
            connection.closeIfIdle(now, idleNanos);
        }
    }

    /** Runs {@code task} on the selector thread. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    boolean inSelectorThread() {
        return Thread.currentThread() == thread;
    }

    boolean draining() {
        return draining;
    }

    /** Called by a connection when it closed. */
    void closed(TcpConnection connection) {
        connections.remove(connection);
        openConnections = connections.size();
    }

    int openConnections() {
        return openConnections;
    }

    /**
     * Stops accepting and reading: the listening sockets close, connections finish the queries
     * they started and close once their replies are written.
     */
    void drain() {
        draining = true;
        execute(() -> {
            for (ServerSocketChannel acceptor : acceptors) {
                closeQuietly(acceptor);
            }
            for (TcpConnection connection : List.copyOf(connections)) {
                connection.updateInterest();
            }
        });
    }

    /** Closes everything, waiting up to {@code waitMillis} for the selector thread to end. */
    void stop(long waitMillis) {
        running = false;
        selector.wakeup();
        Thread current = thread;
        if (current == null) {
            closeAll();
            return;
        }
        try {
            current.join(waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeAll() {
        for (ServerSocketChannel acceptor : acceptors) {
            closeQuietly(acceptor);
        }
        for (TcpConnection connection : List.copyOf(connections)) {
            connection.close(ConnectionEnd.SHUTDOWN);
        }
        try {
            selector.close();
        } catch (IOException e) {
            log.debug("closing the selector failed", e);
        }
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing {} failed", channel, e);
        }
    }
}
