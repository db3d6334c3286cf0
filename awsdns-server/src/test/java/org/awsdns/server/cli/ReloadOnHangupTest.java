package org.awsdns.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** SIGHUP's target: no reload lost while the server starts, none made up. */
class ReloadOnHangupTest {
    private final AtomicInteger reloads = new AtomicInteger();
    private final ReloadOnHangup onHangup = new ReloadOnHangup();

    @Test
    void aHangupWhileStartingReloadsOnceTheServerHasStarted() {
        onHangup.run();
        onHangup.run();
        assertThat(reloads).hasValue(0);

        onHangup.started(reloads::incrementAndGet);

        assertThat(reloads).as("two SIGHUPs before the start ask for one reload of what started").hasValue(1);
    }

    @Test
    void aStartWithoutHangupDoesNotReload() {
        onHangup.started(reloads::incrementAndGet);

        assertThat(reloads).hasValue(0);
    }

    @Test
    void eachHangupAfterTheStartReloads() {
        onHangup.started(reloads::incrementAndGet);

        onHangup.run();
        onHangup.run();

        assertThat(reloads).hasValue(2);
    }

    @Test
    void aHangupRacingTheStartIsServedOnce() throws Exception {
        for (int round = 0; round < 2_000; round++) {
            AtomicInteger served = new AtomicInteger();
            ReloadOnHangup racing = new ReloadOnHangup();
            CountDownLatch go = new CountDownLatch(1);
            Thread signal = new Thread(() -> {
                await(go);
                racing.run();
            });
            signal.start();
            go.countDown();
            racing.started(served::incrementAndGet);
            signal.join();

            assertThat(served).as("round %d", round).hasValue(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
