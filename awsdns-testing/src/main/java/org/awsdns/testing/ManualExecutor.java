package org.awsdns.testing;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link ScheduledExecutorService} that runs nothing by itself: tasks wait until the test runs
 * them, on the test's own thread, against a {@link TestClock}. So a refresh every 30 s, a timeout
 * or a retry can be tested without sleeping:
 *
 * <pre>{@code
 * executor.runReady();                          // what is due now (execute(), zero delays)
 * executor.advance(Duration.ofSeconds(30));     // moves the clock, running each task when it falls due
 * }</pre>
 *
 * <p>A task that throws is kept as its future's failure, as a real executor does; a periodic task
 * that throws is not run again.
 */
public final class ManualExecutor extends AbstractExecutorService implements ScheduledExecutorService {
    /** A task rescheduling itself at zero delay would otherwise run forever. */
    private static final int MAX_RUNS_PER_CALL = 100_000;

    private final TestClock clock;
    private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
    private final AtomicLong sequence = new AtomicLong();
    private boolean shutdown;

    public ManualExecutor(TestClock clock) {
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Runs every task due at the clock's time, including tasks those tasks schedule for now. */
    public int runReady() {
        int runs = 0;
        Task<?> task;
        while ((task = nextDue(clock.instant())) != null) {
            if (++runs > MAX_RUNS_PER_CALL) {
                throw new IllegalStateException("more than " + MAX_RUNS_PER_CALL + " tasks ran without the clock moving");
            }
            task.runAndReschedule();
        }
        return runs;
    }

    /** Moves the clock by {@code duration}, stopping at each task's due time to run it. */
    public int advance(Duration duration) {
        Instant target = clock.instant().plus(duration);
        int runs = runReady();
        Task<?> task;
        while ((task = nextDue(target)) != null) {
            if (task.due.isAfter(clock.instant())) {
                clock.set(task.due);
            }
            task.runAndReschedule();
            runs += 1 + runReady();
        }
        clock.set(target);
        return runs + runReady();
    }

    /** The number of tasks waiting (not yet run, or periodic), cancelled ones left out. */
    public synchronized int pending() {
        queue.removeIf(Task::isCancelled);
        return queue.size();
    }

    /** When the next task falls due, if any. */
    public synchronized Instant nextDueTime() {
        queue.removeIf(Task::isCancelled);
        Task<?> next = queue.peek();
        return next == null ? null : next.due;
    }

    private synchronized Task<?> nextDue(Instant limit) {
        queue.removeIf(Task::isCancelled);
        Task<?> next = queue.peek();
        if (next == null || next.due.isAfter(limit)) {
            return null;
        }
        return queue.poll();
    }

    private synchronized <V> Task<V> add(Task<V> task) {
        if (shutdown) {
            throw new RejectedExecutionException("the executor is shut down");
        }
        queue.add(task);
        return task;
    }

    private Instant dueIn(long delay, TimeUnit unit) {
        return clock.instant().plusNanos(Math.max(0, unit.toNanos(delay)));
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(new Task<>(Executors.callable(command, null), dueIn(delay, unit), 0, false));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return add(new Task<>(callable, dueIn(delay, unit), 0, false));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        checkPeriod(period);
        return add(new Task<>(Executors.callable(command, null), dueIn(initialDelay, unit), unit.toNanos(period), true));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        checkPeriod(delay);
        return add(new Task<>(Executors.callable(command, null), dueIn(initialDelay, unit), unit.toNanos(delay), false));
    }

    private static void checkPeriod(long period) {
        if (period <= 0) {
            throw new IllegalArgumentException("period must be positive, got " + period);
        }
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> waiting = new ArrayList<>(queue);
        queue.clear();
        return waiting;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown && queue.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    /** One task: due at an instant of the test clock, maybe periodic. */
    private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
        private final long periodNanos;
        private final boolean fixedRate;
        private final long order = sequence.getAndIncrement();
        private Instant due;

        Task(Callable<V> callable, Instant due, long periodNanos, boolean fixedRate) {
            super(callable);
            this.due = due;
            this.periodNanos = periodNanos;
            this.fixedRate = fixedRate;
        }

        void runAndReschedule() {
            if (periodNanos == 0) {
                run();
                return;
            }
            if (runAndReset() && !isShutdown()) {
                due = fixedRate ? due.plusNanos(periodNanos) : clock.instant().plusNanos(periodNanos);
                add(this);
            }
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(Duration.between(clock.instant(), due));
        }

        @Override
        public int compareTo(Delayed other) {
            if (other instanceof Task<?> task) {
                int byDue = due.compareTo(task.due);
                return byDue != 0 ? byDue : Long.compare(order, task.order);
            }
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
