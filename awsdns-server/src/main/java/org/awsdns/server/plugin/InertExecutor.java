package org.awsdns.server.plugin;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An executor that accepts every task and runs none: what {@code awsdns check} gives the plugins
 * and resources it creates, so a factory's validation runs exactly as in {@code serve} while the
 * background work it schedules (an inventory's first load from AWS, an upstream health probe)
 * never happens. No thread is started.
 */
final class InertExecutor extends AbstractExecutorService implements ScheduledExecutorService {
    private volatile boolean shutdown;

    @Override
    public void execute(Runnable command) {
        // never run: nothing may reach the network while checking
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return new NeverRun<>();
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return new NeverRun<>();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return new NeverRun<>();
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return new NeverRun<>();
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }

    /** A scheduled task that never runs; it can be cancelled. */
    private static final class NeverRun<V> implements ScheduledFuture<V> {
        private final CompletableFuture<V> never = new CompletableFuture<>();

        @Override
        public long getDelay(TimeUnit unit) {
            return Long.MAX_VALUE;
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return never.cancel(mayInterruptIfRunning);
        }

        @Override
        public boolean isCancelled() {
            return never.isCancelled();
        }

        @Override
        public boolean isDone() {
            return never.isDone();
        }

        @Override
        public V get() throws InterruptedException, ExecutionException {
            return never.get();
        }

        @Override
        public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            return never.get(timeout, unit);
        }
    }
}
