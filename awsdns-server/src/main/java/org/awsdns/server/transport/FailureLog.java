package org.awsdns.server.transport;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.awsdns.core.PluginFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs plugin failures at WARN, at most one line per plugin per interval, so a plugin failing on
 * every query cannot flood the log; the line says how many failures it stands for.
 */
final class FailureLog {
    private static final Logger log = LoggerFactory.getLogger(FailureLog.class);

    private final long intervalNanos;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    FailureLog(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    void pluginFailed(PluginFailure failure, Object query) {
        Window window = windows.computeIfAbsent(failure.pluginName(), name -> new Window());
        long suppressed = window.tryOpen(System.nanoTime(), intervalNanos);
        if (suppressed >= 0) {
            log.warn("plugin {} failed on {}{}", failure.pluginName(), query, suppressedNote(suppressed),
                    failure.getCause());
        }
    }

    void otherFailure(Throwable failure, Object query) {
        Window window = windows.computeIfAbsent("", name -> new Window());
        long suppressed = window.tryOpen(System.nanoTime(), intervalNanos);
        if (suppressed >= 0) {
            log.warn("query {} failed{}", query, suppressedNote(suppressed), failure);
        }
    }

    private static String suppressedNote(long suppressed) {
        return suppressed == 0 ? "" : " (" + suppressed + " more failures not logged since the last line)";
    }

    /** When a plugin last logged, and how many failures it swallowed since. */
    private static final class Window {
        private final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE);
        private final AtomicLong suppressed = new AtomicLong();

        /** The suppressed count to report when this caller may log, or -1 when it may not. */
        long tryOpen(long now, long interval) {
            long last = lastLogged.get();
            if (last != Long.MIN_VALUE && now - last < interval) {
                suppressed.incrementAndGet();
                return -1;
            }
            if (!lastLogged.compareAndSet(last, now)) {
                suppressed.incrementAndGet();
                return -1;
            }
            return suppressed.getAndSet(0);
        }
    }
}
