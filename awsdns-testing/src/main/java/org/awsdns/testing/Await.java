package org.awsdns.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ThrowingRunnable;

/**
 * Waiting for something another thread does, instead of a sleep loop: polls every 20 ms and fails
 * with {@code what} once {@code limit} has passed. Backed by Awaitility. Give generous limits: a
 * loaded build machine is slow, and a condition that holds returns at once anyway.
 *
 * <pre>{@code
 * Await.until("the inventory's first load", Duration.ofSeconds(10), inventory::isReady);
 * Await.untilAsserted(Duration.ofSeconds(10), () -> assertThat(metrics.count("x")).isEqualTo(1));
 * }</pre>
 */
public final class Await {
    /** A limit fit for most waits in a loaded build. */
    public static final Duration DEFAULT_LIMIT = Duration.ofSeconds(10);

    private static final Duration POLL = Duration.ofMillis(20);

    private Await() {}

    /** Waits until {@code condition} holds, at most {@code limit}. */
    public static void until(String what, Duration limit, BooleanSupplier condition) {
        Awaitility.await(what)
                .atMost(limit)
                .pollDelay(Duration.ZERO)
                .pollInterval(POLL)
                .until(condition::getAsBoolean);
    }

    /** Waits until {@code condition} holds, at most {@link #DEFAULT_LIMIT}. */
    public static void until(String what, BooleanSupplier condition) {
        until(what, DEFAULT_LIMIT, condition);
    }

    /** Waits until {@code assertion} passes, at most {@code limit}; fails with its last error. */
    public static void untilAsserted(Duration limit, ThrowingRunnable assertion) {
        Awaitility.await()
                .atMost(limit)
                .pollDelay(Duration.ZERO)
                .pollInterval(POLL)
                .untilAsserted(assertion);
    }
}
