package org.awsdns.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManualExecutorTest {
    private final TestClock clock = TestClock.create();
    private final ManualExecutor executor = new ManualExecutor(clock);
    private final List<String> ran = new ArrayList<>();

    @Test
    void runsNothingUntilAsked() {
        executor.execute(() -> ran.add("now"));

        assertThat(ran).isEmpty();
        assertThat(executor.runReady()).isEqualTo(1);
        assertThat(ran).containsExactly("now");
    }

    @Test
    void runsDelayedTasksWhenTheClockReachesThemInDueOrder() {
        executor.schedule(() -> ran.add("at 20s " + clock.instant()), 20, TimeUnit.SECONDS);
        executor.schedule(() -> ran.add("at 10s " + clock.instant()), 10, TimeUnit.SECONDS);

        executor.advance(Duration.ofSeconds(9));
        assertThat(ran).isEmpty();
        executor.advance(Duration.ofSeconds(30));

        assertThat(ran).containsExactly("at 10s 2026-01-01T00:00:10Z", "at 20s 2026-01-01T00:00:20Z");
        assertThat(clock.instant()).isEqualTo(TestClock.DEFAULT_START.plusSeconds(39));
    }

    @Test
    void repeatsPeriodicTasksUntilCancelled() {
        ScheduledFuture<?> refresh = executor.scheduleAtFixedRate(() -> ran.add("refresh"), 0, 30, TimeUnit.SECONDS);

        executor.advance(Duration.ofSeconds(95));
        assertThat(ran).hasSize(4); // at 0, 30, 60, 90
        refresh.cancel(false);
        executor.advance(Duration.ofMinutes(5));

        assertThat(ran).hasSize(4);
        assertThat(executor.pending()).isZero();
    }

    @Test
    void keepsATaskFailureInItsFuture() {
        ScheduledFuture<?> failing = executor.schedule(() -> {
            throw new IllegalStateException("boom");
        }, 1, TimeUnit.SECONDS);

        executor.advance(Duration.ofSeconds(1));

        assertThat(failing.isDone()).isTrue();
        assertThatThrownBy(failing::get).isInstanceOf(ExecutionException.class).hasRootCauseMessage("boom");
    }
}
