package org.awsdns.plugins.forward;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.awsdns.core.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;

/**
 * The upstream client: one selector thread that sends queries over UDP or TCP and completes each
 * with the matching reply, or with {@link UpstreamTimeoutException} at its deadline, or with the
 * I/O error. Every exchange has a socket of its own, closed when the exchange ends on any path.
 *
 * <p>Futures complete on the I/O thread, so what depends on them must not block.
 */
final class UpstreamIo implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UpstreamIo.class);

    private final Selector selector;
    private final Thread thread;
    private final Queue<Exchange> submitted = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Exchange> deadlines = new PriorityQueue<>(Comparator.comparingLong(e -> e.deadlineNanos));
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(65535);
    private final SplittableRandom ids = new SplittableRandom(new SecureRandom().nextLong());
    private final Metrics.Counter mismatched;
    private final Runnable onMismatch;
    private volatile boolean closed;

    UpstreamIo(String name, Metrics metrics) throws IOException {
        this.selector = Selector.open();
        this.mismatched = metrics.counter("forward_mismatched_replies",
                "Upstream replies dropped because their ID or question did not match the query");
        this.onMismatch = mismatched::increment;
        this.thread = new Thread(this::run, "forward-io-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Sends {@code query} (a complete message whose ID is replaced) to {@code server}.
     *
     * @param question the question the reply must repeat
     * @param timeoutNanos how long to wait for the reply
     */
    CompletableFuture<Message> exchange(InetSocketAddress server, byte[] query, Record question, boolean tcp, long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        Exchange exchange = tcp
                ? new TcpExchange(server, query, question, deadline)
                : new UdpExchange(server, query, question, deadline, onMismatch);
        if (closed) {
            exchange.fail(new IOException("forward plugin is closed"));
            return exchange.future;
        }
        submitted.add(exchange);
        selector.wakeup();
        if (closed) {
            drainSubmitted(); // lost a race with close(): nobody else will look at the queue
        }
        return exchange.future;
    }

    private void run() {
        try {
            while (!closed) {
                selector.select(this::onReady, waitMillis());
                startSubmitted();
                expire();
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                log.error("forward I/O loop stopped", e);
            }
        } finally {
            shutdown();
        }
    }

    /** Until the nearest deadline; 0 (no limit) when nothing waits. */
    private long waitMillis() {
        Exchange first = deadlines.peek();
        if (first == null) {
            return 0;
        }
        long nanos = first.deadlineNanos - System.nanoTime();
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos) + 1);
    }

    private void onReady(SelectionKey key) {
        Exchange exchange = (Exchange) key.attachment();
        try {
            if (key.isValid()) {
                exchange.onReady(key, scratch);
            }
        } catch (IOException | RuntimeException e) {
            exchange.fail(e);
        }
    }

    private void startSubmitted() {
        Exchange exchange;
        while ((exchange = submitted.poll()) != null) {
            try {
                exchange.start(selector, ids.nextInt(0x10000));
                deadlines.add(exchange);
            } catch (IOException | RuntimeException e) {
                exchange.fail(e);
            }
        }
    }

    private void expire() {
        long now = System.nanoTime();
        Exchange first;
        while ((first = deadlines.peek()) != null && (first.isDone() || first.deadlineNanos - now <= 0)) {
            deadlines.poll();
            if (!first.isDone()) {
                first.fail(new UpstreamTimeoutException(first.server));
            }
        }
    }

    private void shutdown() {
        IOException closing = new IOException("forward plugin is closed");
        for (Exchange exchange : deadlines) {
            exchange.fail(closing);
        }
        deadlines.clear();
        drainSubmitted();
        for (Iterator<SelectionKey> keys = selectedKeysSafely(); keys.hasNext(); ) {
            ((Exchange) keys.next().attachment()).fail(closing);
        }
        try {
            selector.close();
        } catch (IOException e) {
            log.warn("closing the forward selector failed", e);
        }
    }

    private Iterator<SelectionKey> selectedKeysSafely() {
        try {
            return java.util.List.copyOf(selector.keys()).iterator();
        } catch (ClosedSelectorException e) {
            return java.util.Collections.emptyIterator();
        }
    }

    private void drainSubmitted() {
        Exchange exchange;
        while ((exchange = submitted.poll()) != null) {
            exchange.fail(new IOException("forward plugin is closed"));
        }
    }

    /** Stops the I/O thread; exchanges still open fail and their sockets are closed. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        selector.wakeup();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
