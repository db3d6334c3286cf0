package org.awsdns.server.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awsdns.core.HeapUse;
import org.awsdns.core.NamedPlugin;
import org.awsdns.server.plugin.KeptPlugin;
import org.awsdns.server.plugin.SharedResources;
import org.awsdns.server.transport.ServerBlock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells at start whether what the configuration keeps on the heap fits: the caches' {@code
 * max_bytes} plus the inventories' estimates (known once they loaded), against the JVM's max heap.
 * More than {@value #SHARE_PERCENT}% of it is one WARN line naming the numbers: G1 needs the rest
 * to work (young generation, the garbage of queries and reloads), and an entry's bytes are an
 * estimate.
 */
final class HeapBudget {
    private static final Logger log = LoggerFactory.getLogger(HeapBudget.class);
    static final int SHARE_PERCENT = 80;
    private static final long POLL_MILLIS = 500;
    private static final long GIVE_UP_MILLIS = TimeUnit.MINUTES.toMillis(10);

    private HeapBudget() {}

    /** Checks once every resource is ready (polled on {@code executor}, for at most ten minutes). */
    static void checkWhenReady(List<ServerBlock> blocks, SharedResources resources, ScheduledExecutorService executor) {
        long start = System.currentTimeMillis();
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        Runnable poll = () -> {
            boolean ready = resources.notReady().isEmpty();
            if (ready || System.currentTimeMillis() - start > GIVE_UP_MILLIS) {
                task.get().cancel(false);
                check(users(blocks, resources), Runtime.getRuntime().maxMemory()).ifPresent(log::warn);
            }
        };
        task.set(executor.scheduleWithFixedDelay(poll, 0, POLL_MILLIS, TimeUnit.MILLISECONDS));
    }

    static List<HeapUse> users(List<ServerBlock> blocks, SharedResources resources) {
        List<HeapUse> users = new ArrayList<>();
        for (ServerBlock block : blocks) {
            for (NamedPlugin named : block.pipeline().plugins()) {
                Object plugin = named.plugin() instanceof KeptPlugin kept ? kept.plugin() : named.plugin();
                if (plugin instanceof HeapUse use) {
                    users.add(use);
                }
            }
        }
        for (Object resource : resources.all()) {
            if (resource instanceof HeapUse use) {
                users.add(use);
            }
        }
        return users;
    }

    /** The warning, when {@code users} need more than {@value #SHARE_PERCENT}% of {@code maxHeap}. */
    static java.util.Optional<String> check(List<HeapUse> users, long maxHeap) {
        long total = 0;
        List<String> parts = new ArrayList<>();
        for (HeapUse use : users) {
            long bytes = use.heapBytes();
            total += bytes;
            parts.add(use.heapUse() + " " + mib(bytes));
        }
        if (maxHeap == Long.MAX_VALUE || total * 100 <= maxHeap * SHARE_PERCENT) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(String.format(Locale.ROOT,
                "heap: the configuration may keep %s on the heap (%s), more than %d%% of the max heap %s (-Xmx):"
                        + " lower the caches' max_bytes or raise -Xmx (docs/reliability.md, Memory)",
                mib(total), String.join(", ", parts), SHARE_PERCENT, mib(maxHeap)));
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
