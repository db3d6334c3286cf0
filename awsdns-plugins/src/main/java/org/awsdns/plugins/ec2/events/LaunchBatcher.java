package org.awsdns.plugins.ec2.events;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.awsdns.plugins.ec2.inventory.Ec2Instance;

/**
 * Gathers the instance IDs that events report running into one targeted DescribeInstances: every
 * ID asked for within {@code window} of the first goes into the same call, up to {@code max} (a
 * full batch is sent at once). Callers share the batch's future, which completes once the batch
 * has been applied.
 */
final class LaunchBatcher {
    private final Function<List<String>, CompletableFuture<?>> call;
    private final ScheduledExecutorService executor;
    private final Duration window;
    private final int max;
    private Batch open;

    private static final class Batch {
        final Set<String> ids = new LinkedHashSet<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        ScheduledFuture<?> timer;
        boolean sent;
    }

    /**
     * @param call makes the call for the IDs and applies its result; completes when applied
     */
    LaunchBatcher(Function<List<String>, CompletableFuture<?>> call, ScheduledExecutorService executor,
            Duration window, int max) {
        this.call = requireNonNull(call, "call is null");
        this.executor = requireNonNull(executor, "executor is null");
        this.window = requireNonNull(window, "window is null");
        this.max = max;
    }

    /** Adds {@code id} to the open batch; the future completes when that batch is applied. */
    CompletableFuture<Void> request(String id) {
        Batch batch;
        boolean full;
        synchronized (this) {
            if (open == null) {
                Batch created = new Batch();
                created.timer = executor.schedule(() -> send(created), window.toMillis(), TimeUnit.MILLISECONDS);
                open = created;
            }
            batch = open;
            batch.ids.add(id);
            full = batch.ids.size() >= max;
        }
        if (full) {
            send(batch);
        }
        return batch.done;
    }

    private void send(Batch batch) {
        List<String> ids;
        synchronized (this) {
            if (batch.sent) {
                return;
            }
            batch.sent = true;
            if (open == batch) {
                open = null;
            }
            batch.timer.cancel(false);
            ids = List.copyOf(batch.ids);
        }
        CompletableFuture<?> result;
        try {
            result = call.apply(ids);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        result.whenComplete((ignored, failure) -> {
            if (failure != null) {
                batch.done.completeExceptionally(failure);
            } else {
                batch.done.complete(null);
            }
        });
    }

    /** Fails the open batch (on close). */
    synchronized void close() {
        if (open != null) {
            open.timer.cancel(false);
            open.done.completeExceptionally(new IllegalStateException("closed"));
            open = null;
        }
    }
}
