package org.awsdns.plugins.forward;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awsdns.core.Metrics;

/** One upstream server: its address, its health and its meters. Thread-safe. */
final class Upstream {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Upstream.class);
    private final InetSocketAddress address;
    private final String label;
    private final int maxFails;
    private final AtomicInteger consecutiveFails = new AtomicInteger();
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile boolean down;

    final Metrics.Counter udpQueries;
    final Metrics.Counter tcpQueries;
    final Metrics.Counter timeouts;
    final Metrics.Counter errors;
    final Metrics.Counter truncated;
    final Metrics.Timer duration;
    private final Metrics.Counter markedDown;

    Upstream(InetSocketAddress address, int maxFails, Metrics metrics) {
        this.address = requireNonNull(address, "address is null");
        this.label = label(address);
        this.maxFails = maxFails;
        udpQueries = metrics.counter("forward_upstream_queries", "Queries sent upstream", "upstream", label, "proto", "udp");
        tcpQueries = metrics.counter("forward_upstream_queries", "Queries sent upstream", "upstream", label, "proto", "tcp");
        timeouts = metrics.counter("forward_upstream_timeouts", "Upstream attempts that timed out", "upstream", label);
        errors = metrics.counter("forward_upstream_errors", "Upstream attempts that failed with a network error", "upstream", label);
        truncated = metrics.counter("forward_upstream_truncated", "Truncated UDP replies retried over TCP", "upstream", label);
        duration = metrics.timer("forward_upstream_duration", "Time from sending a query upstream to its reply", "upstream", label);
        markedDown = metrics.counter("forward_upstream_marked_down", "Times the upstream was marked down", "upstream", label);
        metrics.gauge("forward_upstream_healthy", "1 while the upstream is up, 0 while it is marked down",
                () -> down ? 0 : 1, "upstream", label);
    }

    InetSocketAddress address() {
        return address;
    }

    boolean isDown() {
        return down;
    }

    /** An attempt got a reply: the upstream is alive. */
    void succeeded() {
        if (consecutiveFails.get() != 0) {
            consecutiveFails.set(0);
        }
        if (down && markUp()) {
            log.info("forward: upstream {} is up again", label);
        }
    }

    /** An attempt timed out or failed; enough of them in a row mark the upstream down. */
    void failed() {
        failed("it failed");
    }

    /**
     * An attempt failed for {@code reason} (in words); enough of them in a row mark the upstream
     * down, logged once at WARN with the reason.
     */
    void failed(String reason) {
        int fails = consecutiveFails.incrementAndGet();
        if (maxFails > 0 && fails >= maxFails && !down && markDown()) {
            markedDown.increment();
            log.warn("forward: upstream {} is down: {} attempts in a row failed, the last because {}; "
                    + "queries go to the other upstreams, and it is probed until it answers", label, fails, reason);
        }
    }

    private synchronized boolean markDown() {
        if (down) {
            return false;
        }
        down = true;
        return true;
    }

    private synchronized boolean markUp() {
        if (!down) {
            return false;
        }
        down = false;
        return true;
    }

    /** Claims the right to send the next health probe; false while one is in flight. */
    boolean startProbe() {
        return probing.compareAndSet(false, true);
    }

    void endProbe() {
        probing.set(false);
    }

    @Override
    public String toString() {
        return label;
    }

    static String label(InetSocketAddress address) {
        return org.awsdns.core.IpLiterals.format(address);
    }
}
